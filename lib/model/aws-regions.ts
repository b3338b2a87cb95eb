import type { RegionInfo } from './region';

function aws(name: string, latitude: number, longitude: number, zoneCount = 3): RegionInfo {
  // Availability zone letters are mapped per account; only how many zones a region offers is fixed.
  return { cloud: 'aws', name, latitude, longitude, zones: 'abcdef'.slice(0, zoneCount).split('') };
}

/**
 * AWS regions with EKS, their metro coordinates and how many availability zones a new account sees
 * (https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html).
 */
export const AWS_REGIONS: readonly RegionInfo[] = [
  aws('af-south-1', -33.9, 18.4),
  aws('ap-east-1', 22.3, 114.2),
  aws('ap-northeast-1', 35.7, 139.7),
  aws('ap-northeast-2', 37.6, 127.0, 4),
  aws('ap-northeast-3', 34.7, 135.5),
  aws('ap-south-1', 19.1, 72.9),
  aws('ap-south-2', 17.4, 78.5),
  aws('ap-southeast-1', 1.35, 103.8),
  aws('ap-southeast-2', -33.9, 151.2),
  aws('ap-southeast-3', -6.2, 106.8),
  aws('ap-southeast-4', -37.8, 145.0),
  aws('ap-southeast-5', 3.1, 101.7),
  aws('ca-central-1', 45.5, -73.6),
  aws('ca-west-1', 51.0, -114.1),
  aws('eu-central-1', 50.1, 8.7),
  aws('eu-central-2', 47.4, 8.5),
  aws('eu-north-1', 59.3, 18.1),
  aws('eu-south-1', 45.5, 9.2),
  aws('eu-south-2', 41.6, -0.9),
  aws('eu-west-1', 53.3, -6.3),
  aws('eu-west-2', 51.5, -0.1),
  aws('eu-west-3', 48.9, 2.35),
  aws('il-central-1', 32.1, 34.8),
  aws('me-central-1', 24.5, 54.4),
  aws('me-south-1', 26.1, 50.6),
  aws('sa-east-1', -23.5, -46.6),
  aws('us-east-1', 38.9, -77.4, 6),
  aws('us-east-2', 40.0, -83.0),
  aws('us-west-1', 37.4, -121.9, 2),
  aws('us-west-2', 45.8, -119.7, 4),
];

import type { RegionInfo } from './region';

function gcp(name: string, latitude: number, longitude: number, zones = 'abc'): RegionInfo {
  return { cloud: 'gcp', name, latitude, longitude, zones: zones.split('') };
}

/**
 * Google Cloud regions with GKE, their metro coordinates and zone suffixes
 * (https://cloud.google.com/compute/docs/regions-zones). Most regions have zones a, b and c; the exceptions
 * are spelled out.
 */
export const GCP_REGIONS: readonly RegionInfo[] = [
  gcp('africa-south1', -26.2, 28.0),
  gcp('asia-east1', 24.1, 120.5),
  gcp('asia-east2', 22.3, 114.2),
  gcp('asia-northeast1', 35.7, 139.7),
  gcp('asia-northeast2', 34.7, 135.5),
  gcp('asia-northeast3', 37.6, 127.0),
  gcp('asia-south1', 19.1, 72.9),
  gcp('asia-south2', 28.6, 77.2),
  gcp('asia-southeast1', 1.35, 103.8),
  gcp('asia-southeast2', -6.2, 106.8),
  gcp('australia-southeast1', -33.9, 151.2),
  gcp('australia-southeast2', -37.8, 145.0),
  gcp('europe-central2', 52.2, 21.0),
  gcp('europe-north1', 60.6, 27.2),
  gcp('europe-north2', 59.3, 18.1),
  gcp('europe-southwest1', 40.4, -3.7),
  gcp('europe-west1', 50.5, 3.8, 'bcd'),
  gcp('europe-west10', 52.5, 13.4),
  gcp('europe-west12', 45.1, 7.7),
  gcp('europe-west2', 51.5, -0.1),
  gcp('europe-west3', 50.1, 8.7),
  gcp('europe-west4', 53.4, 6.8),
  gcp('europe-west6', 47.4, 8.5),
  gcp('europe-west8', 45.5, 9.2),
  gcp('europe-west9', 48.9, 2.35),
  gcp('me-central1', 25.3, 51.5),
  gcp('me-central2', 26.4, 50.1),
  gcp('me-west1', 32.1, 34.8),
  gcp('northamerica-northeast1', 45.5, -73.6),
  gcp('northamerica-northeast2', 43.7, -79.4),
  gcp('northamerica-south1', 20.6, -100.4),
  gcp('southamerica-east1', -23.5, -46.6),
  gcp('southamerica-west1', -33.4, -70.7),
  gcp('us-central1', 41.3, -95.9, 'abcf'),
  gcp('us-east1', 33.2, -80.0, 'bcd'),
  gcp('us-east4', 39.0, -77.5),
  gcp('us-east5', 40.0, -83.0),
  gcp('us-south1', 32.8, -96.8),
  gcp('us-west1', 45.6, -121.2),
  gcp('us-west2', 34.1, -118.2),
  gcp('us-west3', 40.8, -111.9),
  gcp('us-west4', 36.2, -115.1),
];

/**
 * The number of each region's default subnet range (`10.<n>.0.0/20`, n = position + 1). Append-only: a region's
 * number never changes, so adding a region to a fleet never moves another region's subnet.
 */
export const GCP_SUBNET_NUMBERS: readonly string[] = [
  'us-central1', 'us-east1', 'us-east4', 'us-east5', 'us-south1', 'us-west1', 'us-west2', 'us-west3', 'us-west4',
  'northamerica-northeast1', 'northamerica-northeast2', 'northamerica-south1', 'southamerica-east1', 'southamerica-west1',
  'europe-west1', 'europe-west2', 'europe-west3', 'europe-west4', 'europe-west6', 'europe-west8', 'europe-west9',
  'europe-west10', 'europe-west12', 'europe-central2', 'europe-north1', 'europe-north2', 'europe-southwest1',
  'me-west1', 'me-central1', 'me-central2', 'africa-south1', 'asia-east1', 'asia-east2', 'asia-northeast1',
  'asia-northeast2', 'asia-northeast3', 'asia-south1', 'asia-south2', 'asia-southeast1', 'asia-southeast2',
  'australia-southeast1', 'australia-southeast2',
];

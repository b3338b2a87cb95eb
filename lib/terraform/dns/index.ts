export { dnsStacks } from './dns-stacks';
export { appEndpoints, geoLocations, latencyRegions, type AppEndpoint } from './app-endpoints';
export { CloudDnsAppRecords, type CloudDnsAppRecordsProps } from './cloud-dns-app-records';
export { DnsZoneStack } from './dns-zone-stack';
export { GlobalDnsStack, publishedApps } from './global-dns-stack';
export { Route53AppRecords, type EndpointTarget, type Route53AppRecordsProps } from './route53-app-records';

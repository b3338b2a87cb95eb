export { dnsStacks } from './dns-stacks';

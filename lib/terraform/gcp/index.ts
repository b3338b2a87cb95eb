export { gcpStacks } from './gcp-stacks';

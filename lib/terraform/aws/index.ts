export { awsStacks } from './aws-stacks';

#!/usr/bin/env node
import { runCli } from './cli';

// The package's `bin`: `npx cdk-fleet <command>` in the user's project.
process.exitCode = runCli(process.argv.slice(2));

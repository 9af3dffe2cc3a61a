#!/usr/bin/env node
// Thin shim: the CLI lives in dist/cli.js.
import './dist/cli.js';

/** Importing a command's file registers it; this list fixes the order of `--help`. */
import './check.js';
import './demo.js';

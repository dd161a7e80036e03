/** Importing a command's file registers it; this list fixes the order of `--help`. */
import './check.js';
import './sync.js';
import './init.js';
import './history.js';
import './demo.js';
import './sweep.js';
import './restore.js';

/** Importing a command's file registers it; this list fixes the order of `--help`. */
import './check.js';
import './sync.js';
import './sweep.js';
import './restore.js';
import './history.js';
import './init.js';
import './demo.js';

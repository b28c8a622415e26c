// Writes Fluent UI's design tokens for the three Teams themes as CSS custom properties, so the pages take Teams'
// own colours, type ramp and radii without any script at run time: [data-theme=default|dark|contrast] on <html>.
'use strict';
const fs = require('fs');
const path = require('path');
const tokens = require('@fluentui/tokens');

const themes = { default: tokens.teamsLightTheme, dark: tokens.teamsDarkTheme, contrast: tokens.teamsHighContrastTheme };
const block = (selector, theme) =>
  selector + ' {\n' + Object.entries(theme).map(([name, value]) => '  --' + name + ': ' + value + ';').join('\n') + '\n}\n';

const out = process.argv[2];
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out,
  '/* Generated at build from @fluentui/tokens (teamsLightTheme, teamsDarkTheme, teamsHighContrastTheme). */\n'
  + block(':root, [data-theme=default]', themes.default)
  + block('[data-theme=dark]', themes.dark)
  + block('[data-theme=contrast]', themes.contrast));

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type KeyLike, appShortcut, comboLabel, isTyping, listStep, matches, terminalShortcut } from '../../renderer/src/keyboard/shortcuts.ts';

const key = (k: string, mods: Partial<KeyLike> = {}): KeyLike => ({ key: k, ctrlKey: false, shiftKey: false, altKey: false, metaKey: false, ...mods });

describe('app shortcuts', () => {
  it('single keys act when the user is not typing', () => {
    assert.equal(appShortcut(key('n'), false), 'newEnvironment');
    assert.equal(appShortcut(key('l'), false), 'logs');
    assert.equal(appShortcut(key('t'), false), 'terminal');
    assert.equal(appShortcut(key('/'), false), 'search');
    assert.equal(appShortcut(key('D', { shiftKey: true }), false), 'teardown');
  });

  it('? opens help whatever Shift the layout needs for it', () => {
    assert.equal(appShortcut(key('?', { shiftKey: true }), false), 'help');
    assert.equal(appShortcut(key('?'), false), 'help');
  });

  it('nothing fires while typing, with Ctrl, Alt or Meta, or during IME composition', () => {
    assert.equal(appShortcut(key('n'), true), null);
    assert.equal(appShortcut(key('?', { shiftKey: true }), true), null);
    assert.equal(appShortcut(key('n', { ctrlKey: true }), false), null, 'Ctrl+N is the browser’s new window');
    assert.equal(appShortcut(key('l', { altKey: true }), false), null);
    assert.equal(appShortcut(key('t', { metaKey: true }), false), null);
    assert.equal(appShortcut(key('n', { isComposing: true }), false), null, 'a pinyin syllable being composed is not a shortcut');
  });

  it('Shift must match for letters: d alone is not teardown, N is not new environment', () => {
    assert.equal(appShortcut(key('d'), false), null);
    assert.equal(appShortcut(key('N', { shiftKey: true }), false), null);
    assert.equal(appShortcut(key('D'), false), null, 'Caps Lock D without Shift is d');
    assert.equal(appShortcut(key('N'), false), 'newEnvironment', 'Caps Lock N is still n');
  });
});

describe('terminal keys', () => {
  it('Ctrl+Shift+C/V/F/X are the terminal’s own', () => {
    assert.equal(terminalShortcut(key('C', { ctrlKey: true, shiftKey: true }), false), 'copy');
    assert.equal(terminalShortcut(key('V', { ctrlKey: true, shiftKey: true }), false), 'paste');
    assert.equal(terminalShortcut(key('F', { ctrlKey: true, shiftKey: true }), false), 'search');
    assert.equal(terminalShortcut(key('X', { ctrlKey: true, shiftKey: true }), false), 'leave');
  });

  it('Ctrl+C copies only with a selection; without one it reaches the shell as an interrupt', () => {
    assert.equal(terminalShortcut(key('c', { ctrlKey: true }), true), 'copy');
    assert.equal(terminalShortcut(key('c', { ctrlKey: true }), false), null);
  });

  it('other keys go to the shell', () => {
    for (const k of [key('c'), key('v', { ctrlKey: true }), key('d', { ctrlKey: true }), key('Escape'), key('x', { ctrlKey: true })]) {
      assert.equal(terminalShortcut(k, true), null, JSON.stringify(k));
    }
  });
});

describe('typing targets', () => {
  it('text fields, selects, editable elements and terminals are typing; buttons and checkboxes are not', () => {
    assert.equal(isTyping({ tagName: 'INPUT', type: 'text' }), true);
    assert.equal(isTyping({ tagName: 'INPUT', type: 'search' }), true);
    assert.equal(isTyping({ tagName: 'INPUT' }), true);
    assert.equal(isTyping({ tagName: 'TEXTAREA' }), true);
    assert.equal(isTyping({ tagName: 'SELECT' }), true);
    assert.equal(isTyping({ tagName: 'DIV', isContentEditable: true }), true);
    assert.equal(isTyping({ tagName: 'INPUT', type: 'checkbox' }), false);
    assert.equal(isTyping({ tagName: 'BUTTON' }), false);
    assert.equal(isTyping({ tagName: 'DIV', closest: (s) => (s === '.xterm' ? {} : null) }), true, 'inside xterm.js');
    assert.equal(isTyping({ tagName: 'DIV', closest: () => null }), false);
    assert.equal(isTyping(null), false);
  });
});

describe('labels and list steps', () => {
  it('labels keys as a person reads them', () => {
    assert.equal(comboLabel({ key: 'x', ctrl: true, shift: true }), 'Ctrl+Shift+X');
    assert.equal(comboLabel({ key: 'd', shift: true }), 'Shift+D');
    assert.equal(comboLabel({ key: '?' }), '?');
    assert.equal(comboLabel({ key: 'n' }), 'n', 'a letter alone stays small: N would read as Shift+N');
  });

  it('arrows move within the list and stop at its ends', () => {
    assert.equal(listStep('ArrowDown', 0, 3), 1);
    assert.equal(listStep('ArrowDown', 2, 3), 2);
    assert.equal(listStep('ArrowUp', 0, 3), 0);
    assert.equal(listStep('ArrowUp', 2, 3), 1);
    assert.equal(listStep('ArrowDown', -1, 3), 0, 'nothing selected: down starts at the top');
    assert.equal(listStep('ArrowUp', -1, 3), 2, 'nothing selected: up starts at the bottom');
    assert.equal(listStep('Home', 2, 3), 0);
    assert.equal(listStep('End', 0, 3), 2);
    assert.equal(listStep('Enter', 0, 3), null);
    assert.equal(listStep('ArrowDown', -1, 0), null);
  });

  it('matches is exact about Ctrl', () => {
    assert.equal(matches(key('c', { ctrlKey: true }), { key: 'c' }), false);
    assert.equal(matches(key('c'), { key: 'c', ctrl: true }), false);
  });
});

/*
 * Chat for Coze: the block's editor side. The preview is a placeholder drawn here: the editor
 * makes no call to Coze. Licence: GPL-2.0-or-later.
 */
(function (blocks, element, blockEditor, components, i18n) {
  var el = element.createElement;
  var __ = i18n.__;
  var field = function (props, name, label, options) {
    var value = props.attributes[name];
    var onChange = function (next) {
      var change = {};
      change[name] = next;
      props.setAttributes(change);
    };
    return options
      ? el(components.SelectControl, { label: label, value: value, options: options, onChange: onChange })
      : el(components.TextControl, { label: label, value: value, onChange: onChange });
  };
  blocks.registerBlockType('chat-for-coze/chat', {
    edit: function (props) {
      var mode = props.attributes.mode || 'inline';
      return el(
        element.Fragment,
        null,
        el(
          blockEditor.InspectorControls,
          null,
          el(
            components.PanelBody,
            { title: __('Chat', 'chat-for-coze') },
            field(props, 'title', __('Title', 'chat-for-coze')),
            field(props, 'mode', __('Mode', 'chat-for-coze'), [
              { label: __('Inline', 'chat-for-coze'), value: 'inline' },
              { label: __('Floating', 'chat-for-coze'), value: 'floating' },
              { label: __('Full screen', 'chat-for-coze'), value: 'fullscreen' },
            ]),
            field(props, 'theme', __('Theme', 'chat-for-coze'), [
              { label: __('As in the settings', 'chat-for-coze'), value: '' },
              { label: __('Light', 'chat-for-coze'), value: 'light' },
              { label: __('Dark', 'chat-for-coze'), value: 'dark' },
              { label: __('Follow the system', 'chat-for-coze'), value: 'auto' },
            ]),
            field(props, 'height', __('Height (e.g. 600px)', 'chat-for-coze')),
            field(props, 'bot', __('Bot ID (blank: the one in the settings)', 'chat-for-coze')),
          ),
        ),
        el(
          'div',
          blockEditor.useBlockProps({
            style: {
              border: '1px dashed currentColor',
              padding: '2em',
              textAlign: 'center',
              minHeight: mode === 'inline' ? props.attributes.height || '200px' : undefined,
            },
          }),
          el('strong', null, props.attributes.title || __('Chat for Coze', 'chat-for-coze')),
          el('p', null, __('The chat shows here on the published page.', 'chat-for-coze')),
        ),
      );
    },
    save: function () {
      return null;
    },
  });
})(window.wp.blocks, window.wp.element, window.wp.blockEditor, window.wp.components, window.wp.i18n);

<?php
/**
 * The editor script's dependencies.
 *
 * @package Chat_For_Coze
 * @license GPL-2.0-or-later
 */

return array(
	'dependencies' => array( 'wp-blocks', 'wp-element', 'wp-block-editor', 'wp-components', 'wp-i18n' ),
	'version'      => '0.1.0',
);

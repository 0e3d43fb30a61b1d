<?php
/**
 * Plugin Name:       Chat for Coze
 * Description:       Puts a Coze bot on the site: a settings page, a shortcode, a block and a site-wide widget, with the key kept on the server and each visitor's conversations their own.
 * Version:           0.1.0
 * Requires at least: 6.1
 * Requires PHP:      7.4
 * License:           GPL-2.0-or-later
 * License URI:       https://www.gnu.org/licenses/gpl-2.0.html
 * Text Domain:       chat-for-coze
 * Domain Path:       /languages
 *
 * @package Chat_For_Coze
 */

/*
 * Chat for Coze is free software: you can redistribute it and/or modify it under the terms of
 * the GNU General Public License as published by the Free Software Foundation, either version 2
 * of the License, or (at your option) any later version. It is distributed WITHOUT ANY WARRANTY;
 * see the GNU General Public License for more details.
 */

defined( 'ABSPATH' ) || exit;

define( 'CHAT_FOR_COZE_VERSION', '0.1.0' );
define( 'CHAT_FOR_COZE_FILE', __FILE__ );
define( 'CHAT_FOR_COZE_DIR', __DIR__ );

require_once __DIR__ . '/includes/class-settings.php';
require_once __DIR__ . '/includes/class-jwt.php';
require_once __DIR__ . '/includes/class-visitor.php';
require_once __DIR__ . '/includes/class-guard.php';
require_once __DIR__ . '/includes/class-token-route.php';
require_once __DIR__ . '/includes/class-widget-calls.php';
require_once __DIR__ . '/includes/class-proxy-route.php';
require_once __DIR__ . '/includes/class-visibility.php';
require_once __DIR__ . '/includes/class-renderer.php';
require_once __DIR__ . '/includes/class-admin.php';

register_activation_hook( __FILE__, array( 'Chat_For_Coze_Proxy_Route', 'create_table' ) );

add_action(
	'init',
	static function () {
		load_plugin_textdomain( 'chat-for-coze', false, dirname( plugin_basename( __FILE__ ) ) . '/languages' );
		Chat_For_Coze_Renderer::register();
	}
);
add_action(
	'rest_api_init',
	static function () {
		Chat_For_Coze_Token_Route::register();
		Chat_For_Coze_Proxy_Route::register();
	}
);
if ( is_admin() ) {
	Chat_For_Coze_Admin::hook();
}

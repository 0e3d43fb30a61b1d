<?php
/**
 * Installs a throw-away WordPress site with no network and no WP-CLI: the database, wp_install(),
 * pretty permalinks, the plugin from dist/chat-for-coze.zip (unzipped as Plugins → Add New →
 * Upload does; "-" for none, to upload it through the admin), and the test pages. Prints the
 * pages' ids as JSON.
 *
 * Usage: php install.php <wordpress dir> <zip or -> <db host:port>
 *
 * @license GPL-2.0-or-later
 */

list( , $dir, $zip, $db ) = $argv;
list( $host, $port ) = explode( ':', $db );
$mysql = new mysqli( $host, 'root', '', '', (int) $port );
$mysql->query( 'CREATE DATABASE IF NOT EXISTS wordpress' );
$mysql->close();

define( 'WP_INSTALLING', true );
$_SERVER['HTTP_HOST'] = getenv( 'WP_TEST_HOST' );
require $dir . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
require_once ABSPATH . 'wp-admin/includes/file.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';

wp_install( 'Chat for Coze test site', 'admin', 'admin@example.com', false, '', 'admin-password-1' );
wp_insert_user( array( 'user_login' => 'reader', 'user_pass' => 'reader-password-1', 'user_email' => 'reader@example.com', 'role' => 'subscriber' ) );
update_option( 'permalink_structure', '/%postname%/' );
flush_rewrite_rules( true );

if ( '-' !== $zip ) {
	WP_Filesystem();
	$unzipped = unzip_file( $zip, WP_PLUGIN_DIR );
	if ( is_wp_error( $unzipped ) ) {
		fwrite( STDERR, 'unzip: ' . $unzipped->get_error_message() . "\n" );
		exit( 1 );
	}
	$activated = activate_plugin( 'chat-for-coze/chat-for-coze.php' );
	if ( is_wp_error( $activated ) ) {
		fwrite( STDERR, 'activate: ' . $activated->get_error_message() . "\n" );
		exit( 1 );
	}
}

$page = static function ( $name, $content ) {
	return wp_insert_post( array( 'post_type' => 'page', 'post_status' => 'publish', 'post_name' => $name, 'post_title' => ucfirst( $name ), 'post_content' => $content ) );
};
echo wp_json_encode(
	array(
		'shortcode' => $page( 'shortcode', '[chat_for_coze mode="inline" height="500px" title="Shortcode chat"]' ),
		'block'     => $page( 'block', '<!-- wp:chat-for-coze/chat {"mode":"inline","title":"Block chat"} /-->' ),
		'plain'     => $page( 'plain', 'A page with no chat placed on it.' ),
		'hidden'    => $page( 'hidden', 'A page the site-wide widget must stay off.' ),
	)
);

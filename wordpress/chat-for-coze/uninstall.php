<?php
/**
 * Removes everything Chat for Coze keeps: its option, its conversation table and its transients.
 *
 * @package Chat_For_Coze
 * @license GPL-2.0-or-later
 */

defined( 'WP_UNINSTALL_PLUGIN' ) || exit;

global $wpdb;
delete_option( 'chat_for_coze_settings' );
delete_option( 'chat_for_coze_secret' );
// phpcs:ignore WordPress.DB.DirectDatabaseQuery -- the plugin's own table, gone with it.
$wpdb->query( "DROP TABLE IF EXISTS {$wpdb->prefix}chat_for_coze_conversations" );
// phpcs:ignore WordPress.DB.DirectDatabaseQuery -- transients by prefix have no API.
$wpdb->query( "DELETE FROM {$wpdb->options} WHERE option_name LIKE '\\_transient\\_chat\\_for\\_coze\\_%' OR option_name LIKE '\\_transient\\_timeout\\_chat\\_for\\_coze\\_%'" );

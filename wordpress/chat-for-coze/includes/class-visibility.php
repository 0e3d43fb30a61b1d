<?php
/**
 * Where the site-wide widget shows, and who sees it.
 *
 * @package Chat_For_Coze
 * @license GPL-2.0-or-later
 */

defined( 'ABSPATH' ) || exit;

/** The visibility rules, as one pure decision over the page being shown. */
final class Chat_For_Coze_Visibility {

	/**
	 * Whether the site-wide floating widget shows on this page.
	 *
	 * @param array $settings The plugin's settings.
	 * @param array $page     `post_id` (int, 0 when not a single post or page), `post_type`, `signed_in` (bool).
	 */
	public static function site_wide( array $settings, array $page ) {
		if ( ! self::audience_sees( $settings, ! empty( $page['signed_in'] ) ) ) {
			return false;
		}
		$id = (int) ( $page['post_id'] ?? 0 );
		if ( $id > 0 && in_array( $id, array_map( 'intval', (array) $settings['exclude_pages'] ), true ) ) {
			return false;
		}
		if ( 'everywhere' === $settings['placement'] ) {
			return true;
		}
		if ( 'chosen' !== $settings['placement'] || $id <= 0 ) {
			return false;
		}
		return in_array( $id, array_map( 'intval', (array) $settings['include_pages'] ), true )
			|| in_array( (string) ( $page['post_type'] ?? '' ), (array) $settings['post_types'], true );
	}

	/** Whether this visitor may see the chat at all (placed or site-wide). */
	public static function audience_sees( array $settings, $signed_in ) {
		return 'signed-in' !== $settings['audience'] || $signed_in;
	}

	/** The page WordPress is showing, as {@see site_wide} reads it. */
	public static function current_page() {
		$object = is_singular() ? get_queried_object() : null;
		return array(
			'post_id'   => $object instanceof WP_Post ? (int) $object->ID : 0,
			'post_type' => $object instanceof WP_Post ? $object->post_type : '',
			'signed_in' => is_user_logged_in(),
		);
	}
}

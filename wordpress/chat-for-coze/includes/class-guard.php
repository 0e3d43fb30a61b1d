<?php
/**
 * The checks every public route makes: the page's origin, and limits per visitor and per address.
 *
 * @package Chat_For_Coze
 * @license GPL-2.0-or-later
 */

defined( 'ABSPATH' ) || exit;

/** Origin check and rate limits, each a WP_Error when refused. */
final class Chat_For_Coze_Guard {

	/**
	 * Whether the request may come from where it says: its Origin is the site's own (home or
	 * admin), or it has none and the browser does not say cross-site. Browsers send Origin on every
	 * cross-origin request and on same-origin POSTs, so this is the CSRF check that stands in for
	 * a nonce on cached pages.
	 *
	 * @param string|null $origin    The Origin header.
	 * @param string|null $fetch_site The Sec-Fetch-Site header.
	 * @param string[]    $own       The site's own URLs.
	 */
	public static function origin_allowed( $origin, $fetch_site, array $own ) {
		if ( null === $origin || '' === $origin ) {
			return 'cross-site' !== $fetch_site;
		}
		$allowed = array_map( array( __CLASS__, 'origin_of' ), $own );
		return in_array( self::origin_of( $origin ), $allowed, true ) && null !== self::origin_of( $origin );
	}

	/** `scheme://host[:port]` of a URL, lower case, or null. */
	public static function origin_of( $url ) {
		$parts = wp_parse_url( (string) $url );
		if ( ! is_array( $parts ) || empty( $parts['scheme'] ) || empty( $parts['host'] ) ) {
			return null;
		}
		$port = isset( $parts['port'] ) ? ':' . $parts['port'] : '';
		return strtolower( $parts['scheme'] . '://' . $parts['host'] ) . $port;
	}

	/** The origin check for a REST request. */
	public static function check_origin( WP_REST_Request $request ) {
		$own = array( home_url(), site_url() );
		if ( self::origin_allowed( $request->get_header( 'origin' ), $request->get_header( 'sec_fetch_site' ), $own ) ) {
			return true;
		}
		return new WP_Error( 'origin_not_allowed', __( 'This page may not call here.', 'chat-for-coze' ), array( 'status' => 403 ) );
	}

	/** The caller's address (REMOTE_ADDR; a site behind a proxy can filter it). */
	public static function address() {
		$address = isset( $_SERVER['REMOTE_ADDR'] ) ? sanitize_text_field( wp_unslash( $_SERVER['REMOTE_ADDR'] ) ) : '';
		return (string) apply_filters( 'chat_for_coze_client_address', $address );
	}

	/**
	 * Count one request against `$limit` for `$key`: a fixed window kept in a transient (the
	 * object cache when the site has one). Past the limit, a 429 saying when to try again.
	 *
	 * @param string $limit    The limit's name.
	 * @param string $key      Who is counted.
	 * @param int    $points   Requests allowed per window.
	 * @param int    $duration The window, in seconds.
	 */
	public static function limit( $limit, $key, $points, $duration ) {
		$points = (int) apply_filters( 'chat_for_coze_rate_limit', $points, $limit );
		if ( $points <= 0 ) {
			return true;
		}
		$name   = 'chat_for_coze_rl_' . md5( $limit . "\n" . $key );
		$now    = time();
		$window = get_transient( $name );
		if ( ! is_array( $window ) || $window['until'] <= $now ) {
			$window = array( 'count' => 0, 'until' => $now + $duration );
		}
		++$window['count'];
		set_transient( $name, $window, max( 1, $window['until'] - $now ) );
		if ( $window['count'] <= $points ) {
			return true;
		}
		$seconds = max( 1, $window['until'] - $now );
		return new WP_Error(
			'rate_limited',
			/* translators: %d: seconds. */
			sprintf( __( 'Too many requests: try again in %d s.', 'chat-for-coze' ), $seconds ),
			array( 'status' => 429, 'retry_after' => $seconds )
		);
	}

	/** A refusal as the widget reads it: `{error, message}` JSON, no-store, with Retry-After for a 429. */
	public static function refusal( WP_Error $error ) {
		$data     = $error->get_error_data();
		$response = new WP_REST_Response(
			array( 'error' => $error->get_error_code(), 'message' => $error->get_error_message() ),
			isset( $data['status'] ) ? $data['status'] : 500
		);
		$response->header( 'Cache-Control', 'no-store' );
		if ( isset( $data['retry_after'] ) ) {
			$response->header( 'Retry-After', (string) $data['retry_after'] );
		}
		return $response;
	}
}

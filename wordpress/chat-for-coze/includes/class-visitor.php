<?php
/**
 * Who is asking, as the server decides: a signed-in user's HMAC, or a random id in a signed HttpOnly cookie.
 *
 * @package Chat_For_Coze
 * @license GPL-2.0-or-later
 */

defined( 'ABSPATH' ) || exit;

/** Binds each request to a visitor id; a posted `user_id` is never read. */
final class Chat_For_Coze_Visitor {
	const COOKIE = 'chat_for_coze_visitor';
	const COOKIE_DAYS = 30;

	/** The site's own key for visitor ids and cookies, made once and kept in an option. */
	public static function secret() {
		$secret = get_option( 'chat_for_coze_secret' );
		if ( ! is_string( $secret ) || strlen( $secret ) < 32 ) {
			$secret = wp_generate_password( 64, true, true );
			update_option( 'chat_for_coze_secret', $secret, false );
		}
		return wp_salt( 'auth' ) . $secret;
	}

	/** The id Coze knows a signed-in user by: an HMAC of their WordPress id, not the id itself. */
	public static function for_user( $user_id, $secret ) {
		return 'u_' . substr( hash_hmac( 'sha256', 'user:' . (int) $user_id, $secret ), 0, 32 );
	}

	/** A cookie value for an anonymous id. */
	public static function cookie_value( $id, $secret ) {
		return $id . '.' . hash_hmac( 'sha256', 'cookie:' . $id, $secret );
	}

	/** The id a cookie carries when its signature is ours, else null. */
	public static function verified( $value, $secret ) {
		if ( ! is_string( $value ) || ! preg_match( '/^(v_[A-Za-z0-9_\-]{24})\.([0-9a-f]{64})$/', $value, $m ) ) {
			return null;
		}
		return hash_equals( hash_hmac( 'sha256', 'cookie:' . $m[1], $secret ), $m[2] ) ? $m[1] : null;
	}

	/**
	 * The visitor of this request. An anonymous one gets (again) the signed cookie that keeps them known.
	 *
	 * @return string The visitor id.
	 */
	public static function current() {
		$secret = self::secret();
		$user   = get_current_user_id();
		if ( $user > 0 ) {
			return self::for_user( $user, $secret );
		}
		// phpcs:ignore WordPress.Security.ValidatedSanitizedInput -- checked by its HMAC.
		$known = self::verified( isset( $_COOKIE[ self::COOKIE ] ) ? wp_unslash( $_COOKIE[ self::COOKIE ] ) : null, $secret );
		$id    = $known ? $known : 'v_' . Chat_For_Coze_Jwt::base64url( random_bytes( 18 ) );
		if ( ! headers_sent() ) {
			setcookie(
				self::COOKIE,
				self::cookie_value( $id, $secret ),
				array(
					'expires'  => time() + self::COOKIE_DAYS * DAY_IN_SECONDS,
					'path'     => COOKIEPATH ? COOKIEPATH : '/',
					'secure'   => is_ssl(),
					'httponly' => true,
					'samesite' => 'Lax',
				)
			);
		}
		$_COOKIE[ self::COOKIE ] = self::cookie_value( $id, $secret );
		return $id;
	}
}

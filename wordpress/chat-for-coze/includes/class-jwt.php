<?php
/**
 * The OAuth JWT a site trades at Coze for an access token: RS256 over openssl_sign.
 *
 * @package Chat_For_Coze
 * @license GPL-2.0-or-later
 */

defined( 'ABSPATH' ) || exit;

/** Signs Coze's OAuth JWTs. */
final class Chat_For_Coze_Jwt {
	/** A JWT is traded at once: a few minutes is plenty. */
	const LIFETIME = 300;
	/** `iat` set back this far, so a server clock a little fast does not make a JWT from the future. */
	const CLOCK_SKEW = 30;
	const MIN_BITS = 2048;

	/** Bytes as base64url. */
	public static function base64url( $bytes ) {
		return rtrim( strtr( base64_encode( $bytes ), '+/', '-_' ), '=' );
	}

	/**
	 * The claims of one trade, stamped now, with a fresh `jti`.
	 *
	 * @param string $app_id       The OAuth app.
	 * @param string $audience     Coze's API host.
	 * @param string $session_name The visitor the server bound.
	 * @param int    $now          Unix time.
	 */
	public static function claims( $app_id, $audience, $session_name, $now = null ) {
		$iat = ( null === $now ? time() : $now ) - self::CLOCK_SKEW;
		return array(
			'iss'          => (string) $app_id,
			'aud'          => (string) $audience,
			'iat'          => $iat,
			'exp'          => $iat + self::LIFETIME,
			'jti'          => bin2hex( random_bytes( 16 ) ),
			'session_name' => (string) $session_name,
		);
	}

	/** Why this text is not a key Coze's JWT can be signed with, or null when it is. Never quotes the key. */
	public static function key_problem( $pem ) {
		if ( false !== strpos( $pem, 'BEGIN RSA PRIVATE KEY' ) ) {
			return __( 'The private key is PKCS #1 ("BEGIN RSA PRIVATE KEY"): convert it with "openssl pkcs8 -topk8 -nocrypt -in key.pem", or paste the key Coze downloaded.', 'chat-for-coze' );
		}
		$key = openssl_pkey_get_private( $pem );
		if ( false === $key ) {
			return __( 'The private key cannot be read: paste the whole PEM text Coze downloaded, from "-----BEGIN PRIVATE KEY-----" to its END line.', 'chat-for-coze' );
		}
		$details = openssl_pkey_get_details( $key );
		if ( ! is_array( $details ) || OPENSSL_KEYTYPE_RSA !== $details['type'] ) {
			return __( 'The private key must be an RSA key: Coze signs with RS256.', 'chat-for-coze' );
		}
		if ( $details['bits'] < self::MIN_BITS ) {
			/* translators: %d: the least number of bits. */
			return sprintf( __( 'The private key is shorter than %d bits.', 'chat-for-coze' ), self::MIN_BITS );
		}
		return null;
	}

	/**
	 * A JWT signed with RS256, `kid` naming the public key.
	 *
	 * @throws RuntimeException When the key cannot sign (the message never quotes it).
	 */
	public static function sign( array $claims, $key_id, $pem ) {
		$signed = self::base64url( wp_json_encode( array( 'alg' => 'RS256', 'typ' => 'JWT', 'kid' => (string) $key_id ) ) )
			. '.' . self::base64url( wp_json_encode( $claims ) );
		$key = openssl_pkey_get_private( $pem );
		if ( false === $key || ! openssl_sign( $signed, $signature, $key, OPENSSL_ALGO_SHA256 ) ) {
			throw new RuntimeException( 'the private key cannot sign' );
		}
		return $signed . '.' . self::base64url( $signature );
	}
}

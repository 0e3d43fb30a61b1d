<?php
/**
 * `POST /wp-json/chat-for-coze/v1/token`: a Coze access token for this visitor, scoped to the site's bot.
 *
 * @package Chat_For_Coze
 * @license GPL-2.0-or-later
 */

defined( 'ABSPATH' ) || exit;

/** The token route (Coze cloud). */
final class Chat_For_Coze_Token_Route {
	const NAMESPACE_ = 'chat-for-coze/v1';
	const TOKEN_PATH = '/api/permission/oauth2/token';
	const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
	/** How long a bot token lasts: Coze's default. */
	const DURATION = 900;
	/** A workflow token carries its app's whole permission set: it lives no longer than this. */
	const WORKFLOW_DURATION = 300;
	/** A cached token is handed out until this long before it expires. */
	const MARGIN = 60;
	const PER_VISITOR = 20;
	const PER_ADDRESS = 60;

	public static function register() {
		register_rest_route(
			self::NAMESPACE_,
			'/token',
			array(
				'methods'             => 'POST',
				'callback'            => array( __CLASS__, 'answer' ),
				'permission_callback' => array( __CLASS__, 'may_ask' ),
			)
		);
	}

	/**
	 * Who may ask: a page of this site (the Origin check; anonymous visitors need no nonce, so cached
	 * pages work), and only signed-in users when the site says so.
	 */
	public static function may_ask( WP_REST_Request $request ) {
		$origin = Chat_For_Coze_Guard::check_origin( $request );
		if ( true !== $origin ) {
			return $origin;
		}
		$settings = Chat_For_Coze_Settings::get();
		if ( 'signed-in' === $settings['audience'] && ! is_user_logged_in() ) {
			return new WP_Error( 'unauthenticated', __( 'Sign in to chat.', 'chat-for-coze' ), array( 'status' => 401 ) );
		}
		return true;
	}

	/** The token answer, or a refusal. */
	public static function answer( WP_REST_Request $request ) {
		$checked = Chat_For_Coze_Guard::limit( 'token-address', Chat_For_Coze_Guard::address(), self::PER_ADDRESS, 60 );
		if ( true !== $checked ) {
			return Chat_For_Coze_Guard::refusal( $checked );
		}
		$settings = Chat_For_Coze_Settings::get();
		if ( 'cloud' !== $settings['platform'] || array() !== Chat_For_Coze_Settings::missing( $settings ) ) {
			return Chat_For_Coze_Guard::refusal( new WP_Error( 'not_configured', __( 'The chat is not set up yet.', 'chat-for-coze' ), array( 'status' => 503 ) ) );
		}
		$body   = $request->get_json_params();
		$target = self::target_of( is_array( $body ) ? $body : array(), $settings );
		if ( is_wp_error( $target ) ) {
			return Chat_For_Coze_Guard::refusal( $target );
		}
		$visitor = Chat_For_Coze_Visitor::current();
		$checked = Chat_For_Coze_Guard::limit( 'token-visitor', $visitor, self::PER_VISITOR, 60 );
		if ( true !== $checked ) {
			return Chat_For_Coze_Guard::refusal( $checked );
		}
		$cache = 'chat_for_coze_tk_' . md5( $visitor . "\n" . $target );
		$token = get_transient( $cache );
		if ( ! is_array( $token ) || $token['expires_in'] - self::MARGIN <= time() ) {
			$token = self::trade( $settings, $visitor );
			if ( is_wp_error( $token ) ) {
				return Chat_For_Coze_Guard::refusal( new WP_Error( 'coze_refused', __( 'Signing in is not possible just now: try again.', 'chat-for-coze' ), array( 'status' => 502 ) ) );
			}
			set_transient( $cache, $token, max( 1, $token['expires_in'] - self::MARGIN - time() ) );
		}
		$response = new WP_REST_Response(
			array(
				'access_token' => $token['access_token'],
				'expires_in'   => $token['expires_in'],
				'user_id'      => $visitor,
				'api_base'     => Chat_For_Coze_Settings::api_base( $settings ),
			)
		);
		$response->header( 'Cache-Control', 'no-store' );
		return $response;
	}

	/** The bot or workflow asked for: the configured one only. */
	private static function target_of( array $body, array $settings ) {
		$bot      = isset( $body['bot_id'] ) ? (string) $body['bot_id'] : '';
		$workflow = isset( $body['workflow_id'] ) ? (string) $body['workflow_id'] : '';
		if ( ( '' === $bot ) === ( '' === $workflow ) ) {
			return new WP_Error( 'invalid_request', __( 'Name one bot_id or one workflow_id.', 'chat-for-coze' ), array( 'status' => 400 ) );
		}
		$wanted = 'bot' === $settings['target'] ? $settings['bot_id'] : $settings['workflow_id'];
		if ( ( 'bot' === $settings['target'] ? $bot : $workflow ) !== $wanted ) {
			return new WP_Error( 'bot_not_allowed', __( 'This bot is not served here.', 'chat-for-coze' ), array( 'status' => 403 ) );
		}
		return $settings['target'] . ':' . $wanted;
	}

	/** The host (and port) Coze expects as the JWT's audience. */
	public static function audience( $api_base ) {
		$parts = wp_parse_url( $api_base );
		return ( $parts['host'] ?? '' ) . ( isset( $parts['port'] ) ? ':' . $parts['port'] : '' );
	}

	/**
	 * Sign a JWT for `$visitor` and trade it at Coze. The JWT lives only in this call.
	 *
	 * @return array|WP_Error `{access_token, expires_in}` (absolute), or why not, with Coze's code in its data.
	 */
	public static function trade( array $settings, $visitor ) {
		$api_base = Chat_For_Coze_Settings::api_base( $settings );
		try {
			$jwt = Chat_For_Coze_Jwt::sign(
				Chat_For_Coze_Jwt::claims( $settings['oauth_app_id'], self::audience( $api_base ), $visitor ),
				$settings['key_id'],
				Chat_For_Coze_Settings::private_key( $settings )
			);
		} catch ( RuntimeException $e ) {
			return new WP_Error( 'bad_key', $e->getMessage() );
		}
		$bot  = 'bot' === $settings['target'];
		$body = array(
			'grant_type'       => self::JWT_BEARER,
			'duration_seconds' => $bot ? self::DURATION : self::WORKFLOW_DURATION,
		);
		if ( $bot ) {
			$body['scope'] = array(
				'account_permission'   => array( 'permission_list' => array( 'Connector.botChat' ) ),
				'attribute_constraint' => array( 'connector_bot_chat_attribute' => array( 'bot_id_list' => array( $settings['bot_id'] ) ) ),
			);
		}
		$answer = wp_remote_post(
			$api_base . self::TOKEN_PATH,
			array(
				'headers'     => array( 'Authorization' => 'Bearer ' . $jwt, 'Content-Type' => 'application/json' ),
				'body'        => wp_json_encode( $body ),
				'timeout'     => 8,
				'redirection' => 0,
			)
		);
		if ( is_wp_error( $answer ) ) {
			self::log( sprintf( '%s cannot be reached (%s).', $api_base, $answer->get_error_message() ) );
			return new WP_Error( 'coze_unreachable', $answer->get_error_message() );
		}
		$status = wp_remote_retrieve_response_code( $answer );
		$data   = json_decode( wp_remote_retrieve_body( $answer ), true );
		if ( 200 === $status && is_array( $data ) && is_string( $data['access_token'] ?? null ) && is_numeric( $data['expires_in'] ?? null ) ) {
			$expires = (int) $data['expires_in'];
			return array(
				'access_token' => $data['access_token'],
				'expires_in'   => $expires >= 1000000000 ? $expires : time() + $expires,
			);
		}
		$code    = is_array( $data ) && isset( $data['error_code'] ) ? (string) $data['error_code'] : 'http_' . $status;
		$message = is_array( $data ) && isset( $data['error_message'] ) ? str_replace( $jwt, '[jwt]', (string) $data['error_message'] ) : '';
		self::log( sprintf( 'Coze refused the token for app %s (HTTP %d, %s: %s).', $settings['oauth_app_id'], $status, $code, $message ) );
		return new WP_Error( 'coze_refused', $message, array( 'coze_code' => $code, 'status' => $status ) );
	}

	/** Tell the site's operators, without a key, a JWT or a token. */
	private static function log( $message ) {
		if ( defined( 'WP_DEBUG_LOG' ) && WP_DEBUG_LOG ) {
			error_log( 'Chat for Coze: ' . $message ); // phpcs:ignore WordPress.PHP.DevelopmentFunctions
		}
	}
}

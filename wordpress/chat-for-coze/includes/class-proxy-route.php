<?php
/**
 * `/wp-json/chat-for-coze/v1/coze/…`: the widget's calls to a Coze Studio, with the token added here.
 *
 * @package Chat_For_Coze
 * @license GPL-2.0-or-later
 */

defined( 'ABSPATH' ) || exit;

/**
 * A same-origin proxy in front of Coze Studio. Coze sees one user, the token's owner, so the
 * proxy keeps visitors apart itself: each visitor owns the conversations it saw made for them,
 * any call naming another's is refused without reaching Coze, and the conversation list holds
 * the visitor's own only.
 */
final class Chat_For_Coze_Proxy_Route {
	const CHECKED_KEYS = array( 'bot_id', 'workflow_id', 'conversation_id', 'chat_id', 'user_id', 'app_id' );
	const PASSED_HEADERS = array( 'content-type', 'retry-after', 'x-tt-logid' );
	const PER_VISITOR = 120;
	const PER_ADDRESS = 600;
	const CHATS_PER_VISITOR = 20;
	const JSON_LIMIT = 1048576;

	public static function table() {
		global $wpdb;
		return $wpdb->prefix . 'chat_for_coze_conversations';
	}

	/** The ownership table, made on activation. */
	public static function create_table() {
		global $wpdb;
		require_once ABSPATH . 'wp-admin/includes/upgrade.php';
		dbDelta(
			'CREATE TABLE ' . self::table() . " (
				conversation_id varchar(64) NOT NULL,
				visitor varchar(64) NOT NULL,
				created_at datetime NOT NULL,
				PRIMARY KEY  (conversation_id)
			) {$wpdb->get_charset_collate()};"
		);
	}

	public static function owner_of( $conversation ) {
		global $wpdb;
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery -- the plugin's own table; ownership must not be cached stale.
		return $wpdb->get_var( $wpdb->prepare( 'SELECT visitor FROM ' . self::table() . ' WHERE conversation_id = %s', $conversation ) );
	}

	/** Record a new conversation as the visitor's; the first claim wins. */
	public static function claim( $conversation, $visitor ) {
		global $wpdb;
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery
		$wpdb->query( $wpdb->prepare( 'INSERT IGNORE INTO ' . self::table() . ' (conversation_id, visitor, created_at) VALUES (%s, %s, %s)', $conversation, $visitor, gmdate( 'Y-m-d H:i:s' ) ) );
	}

	public static function register() {
		register_rest_route(
			Chat_For_Coze_Token_Route::NAMESPACE_,
			'/coze(?P<path>/.*)',
			array(
				'methods'             => array( 'GET', 'POST', 'DELETE' ),
				'callback'            => array( __CLASS__, 'answer' ),
				'permission_callback' => array( 'Chat_For_Coze_Token_Route', 'may_ask' ),
			)
		);
	}

	/** Forward the call, or refuse it. A forwarded answer is sent here and the request ends. */
	public static function answer( WP_REST_Request $request ) {
		$refusal = self::checked_call( $request );
		if ( is_wp_error( $refusal ) ) {
			return Chat_For_Coze_Guard::refusal( $refusal );
		}
		list( $settings, $path, $query, $body, $visitor, $known, $conversation ) = $refusal;
		$learn = $known['creates'] && null === $conversation;
		self::forward( $settings, $request->get_method(), $path, $query, $body, $visitor, $learn );
		exit;
	}

	/** Every check, in order; what to forward, or why not. */
	private static function checked_call( WP_REST_Request $request ) {
		$checked = Chat_For_Coze_Guard::limit( 'proxy-address', Chat_For_Coze_Guard::address(), self::PER_ADDRESS, 60 );
		if ( true !== $checked ) {
			return $checked;
		}
		$settings = Chat_For_Coze_Settings::get();
		if ( 'studio' !== $settings['platform'] || array() !== Chat_For_Coze_Settings::missing( $settings ) ) {
			return new WP_Error( 'not_configured', __( 'The chat is not set up yet.', 'chat-for-coze' ), array( 'status' => 503 ) );
		}
		$method = $request->get_method();
		$path   = (string) $request->get_param( 'path' );
		$known  = Chat_For_Coze_Widget_Calls::find( $method, $path );
		if ( null === $known || false !== strpos( $path, '//' ) ) {
			/* translators: 1: HTTP method, 2: path. */
			return new WP_Error( 'not_found', sprintf( __( '%1$s %2$s is not forwarded.', 'chat-for-coze' ), $method, $path ), array( 'status' => 404 ) );
		}
		$visitor = Chat_For_Coze_Visitor::current();
		$checked = Chat_For_Coze_Guard::limit( 'proxy-visitor', $visitor, self::PER_VISITOR, 60 );
		if ( true === $checked && $known['spends'] ) {
			$checked = Chat_For_Coze_Guard::limit( 'proxy-chats', $visitor, self::CHATS_PER_VISITOR, 60 );
		}
		if ( true !== $checked ) {
			return $checked;
		}
		$query = self::query( $path, $visitor );
		if ( is_wp_error( $query ) ) {
			return $query;
		}
		$body = null;
		if ( '/v1/files/upload' === $path ) {
			$body = self::upload();
		} elseif ( null !== $known['fields'] ) {
			$body = self::rebuilt( $request, $known['fields'], $visitor );
		}
		if ( is_wp_error( $body ) ) {
			return $body;
		}
		$conversation = self::check_ids( $settings, $path, $query, is_array( $body ) ? $body : array(), $visitor );
		if ( is_wp_error( $conversation ) ) {
			return $conversation;
		}
		return array( $settings, $path, $query, $body, $visitor, $known, $conversation );
	}

	/** The query passed on: the widget's own, each checked key once, `user_id` the visitor. */
	private static function query( $path, $visitor ) {
		$raw   = isset( $_SERVER['QUERY_STRING'] ) ? (string) wp_unslash( $_SERVER['QUERY_STRING'] ) : ''; // phpcs:ignore WordPress.Security.ValidatedSanitizedInput -- parsed, then checked key by key.
		$query = array();
		foreach ( explode( '&', $raw ) as $pair ) {
			if ( '' === $pair ) {
				continue;
			}
			list( $name, $value ) = array_pad( explode( '=', $pair, 2 ), 2, '' );
			$name = urldecode( $name );
			if ( in_array( $name, array( 'rest_route', '_wpnonce' ), true ) ) {
				continue;
			}
			if ( isset( $query[ $name ] ) && in_array( strtolower( $name ), self::CHECKED_KEYS, true ) ) {
				/* translators: %s: a query key. */
				return new WP_Error( 'invalid_query', sprintf( __( 'Name one %s in the query.', 'chat-for-coze' ), $name ), array( 'status' => 400 ) );
			}
			$query[ $name ] = urldecode( $value );
		}
		if ( isset( $query['user_id'] ) || '/v1/conversations' === $path ) {
			$query['user_id'] = $visitor;
		}
		return $query;
	}

	/** The JSON body rebuilt from the call's known fields, `user_id` (and a workflow's `ext.user_id`) the visitor. */
	private static function rebuilt( WP_REST_Request $request, array $fields, $visitor ) {
		$raw = $request->get_body();
		if ( strlen( $raw ) > self::JSON_LIMIT ) {
			return new WP_Error( 'too_large', __( 'The request is too large.', 'chat-for-coze' ), array( 'status' => 413 ) );
		}
		$sent = '' === $raw ? array() : json_decode( $raw, true );
		if ( ! is_array( $sent ) || ( '' !== $raw && ! $request->is_json_content_type() ) ) {
			return new WP_Error( 'unsupported_media_type', __( 'Send the body as application/json.', 'chat-for-coze' ), array( 'status' => 415 ) );
		}
		foreach ( self::CHECKED_KEYS as $key ) {
			if ( preg_match_all( '/"' . $key . '"\s*:/i', $raw ) > 1 ) {
				/* translators: %s: a body key. */
				return new WP_Error( 'invalid_body', sprintf( __( 'Name "%s" once.', 'chat-for-coze' ), $key ), array( 'status' => 400 ) );
			}
		}
		$out = array();
		foreach ( $fields as $field ) {
			if ( array_key_exists( $field, $sent ) ) {
				$out[ $field ] = $sent[ $field ];
			}
		}
		if ( in_array( 'user_id', $fields, true ) ) {
			$out['user_id'] = $visitor;
		}
		if ( in_array( 'ext', $fields, true ) ) {
			$ext         = isset( $out['ext'] ) && is_array( $out['ext'] ) ? array_filter( $out['ext'], 'is_string' ) : array();
			$out['ext']  = array_merge( $ext, array( 'user_id' => $visitor ) );
		}
		return $out;
	}

	/** The uploaded file, passed on as a file. */
	private static function upload() {
		if ( empty( $_FILES['file']['tmp_name'] ) || ! is_uploaded_file( $_FILES['file']['tmp_name'] ) ) { // phpcs:ignore WordPress.Security.ValidatedSanitizedInput
			return new WP_Error( 'invalid_upload', __( 'No file was sent.', 'chat-for-coze' ), array( 'status' => 400 ) );
		}
		$file = $_FILES['file']; // phpcs:ignore WordPress.Security.ValidatedSanitizedInput -- passed to Coze as it came.
		return array( 'file' => new CURLFile( $file['tmp_name'], $file['type'], sanitize_file_name( $file['name'] ) ) );
	}

	/** Refuse another bot or workflow, or a conversation that is not the visitor's; the conversation named, if any. */
	private static function check_ids( array $settings, $path, array $query, array $body, $visitor ) {
		$named = static function ( $key ) use ( $query, $body ) {
			$ids = array();
			foreach ( array( $query[ $key ] ?? null, $body[ $key ] ?? null ) as $id ) {
				if ( null !== $id && '' !== $id ) {
					$ids[] = is_scalar( $id ) ? (string) $id : '';
				}
			}
			return $ids;
		};
		$bot_target = 'bot' === $settings['target'];
		foreach ( array_merge( $named( 'bot_id' ), array_filter( array( Chat_For_Coze_Widget_Calls::bot_in_path( $path ) ) ) ) as $bot ) {
			if ( ! $bot_target || $bot !== $settings['bot_id'] ) {
				return new WP_Error( 'bot_not_allowed', __( 'This bot is not served here.', 'chat-for-coze' ), array( 'status' => 403 ) );
			}
		}
		foreach ( $named( 'workflow_id' ) as $workflow ) {
			if ( $bot_target || $workflow !== $settings['workflow_id'] ) {
				return new WP_Error( 'workflow_not_allowed', __( 'This workflow is not served here.', 'chat-for-coze' ), array( 'status' => 403 ) );
			}
		}
		$conversations = array_unique( array_merge( $named( 'conversation_id' ), array_filter( array( Chat_For_Coze_Widget_Calls::conversation_in_path( $path ) ) ) ) );
		if ( count( $conversations ) > 1 ) {
			return new WP_Error( 'invalid_request', __( 'Name one conversation.', 'chat-for-coze' ), array( 'status' => 400 ) );
		}
		$conversation = $conversations ? reset( $conversations ) : null;
		if ( null !== $conversation && self::owner_of( $conversation ) !== $visitor ) {
			return new WP_Error( 'conversation_not_allowed', __( 'This conversation is not yours.', 'chat-for-coze' ), array( 'status' => 403 ) );
		}
		return $conversation;
	}

	/**
	 * Send the call to Coze with the token, and its answer to the page as it comes: a stream
	 * unbuffered, a JSON answer after the conversation it made is recorded (and the conversation
	 * list cut to the visitor's own).
	 */
	private static function forward( array $settings, $method, $path, array $query, $body, $visitor, $learn ) {
		$url    = Chat_For_Coze_Settings::api_base( $settings ) . $path . ( $query ? '?' . http_build_query( $query, '', '&', PHP_QUERY_RFC3986 ) : '' );
		$header = array( 'Authorization: Bearer ' . $settings['studio_token'] );
		if ( is_array( $body ) && ! isset( $body['file'] ) ) {
			$header[] = 'Content-Type: application/json';
			$body     = wp_json_encode( (object) $body );
		}
		if ( isset( $_SERVER['HTTP_ACCEPT'] ) ) {
			$header[] = 'Accept: ' . sanitize_text_field( wp_unslash( $_SERVER['HTTP_ACCEPT'] ) );
		}
		$state = array( 'stream' => false, 'buffer' => '', 'seen' => '', 'status' => 0 );
		while ( ob_get_level() > 0 ) {
			ob_end_clean();
		}
		$curl = curl_init( $url );
		curl_setopt_array(
			$curl,
			array(
				CURLOPT_CUSTOMREQUEST  => $method,
				CURLOPT_HTTPHEADER     => $header,
				CURLOPT_FOLLOWLOCATION => false,
				CURLOPT_CONNECTTIMEOUT => 10,
				CURLOPT_LOW_SPEED_LIMIT => 1,
				CURLOPT_LOW_SPEED_TIME => 90,
				CURLOPT_HEADERFUNCTION => static function ( $curl, $line ) use ( &$state ) {
					if ( preg_match( '#^HTTP/\S+\s+(\d+)#', $line, $m ) ) {
						$state['status'] = (int) $m[1];
					} elseif ( preg_match( '/^([^:]+):\s*(.*)$/', trim( $line ), $m ) && in_array( strtolower( $m[1] ), self::PASSED_HEADERS, true ) ) {
						$state['stream'] = $state['stream'] || ( 'content-type' === strtolower( $m[1] ) && 0 === stripos( $m[2], 'text/event-stream' ) );
						$state['headers'][] = $m[1] . ': ' . $m[2];
					}
					return strlen( $line );
				},
				CURLOPT_WRITEFUNCTION  => static function ( $curl, $chunk ) use ( &$state, $visitor, $learn ) {
					if ( ! $state['stream'] ) {
						$state['buffer'] .= $chunk;
						return strlen( $chunk );
					}
					if ( ! headers_sent() ) {
						self::send_head( $state, true );
					}
					if ( $learn && '' === $state['seen'] && preg_match( '/"conversation_id"\s*:\s*"(\d+)"/', $chunk, $m ) ) {
						$state['seen'] = $m[1];
						self::claim( $m[1], $visitor );
					}
					echo $chunk; // phpcs:ignore WordPress.Security.EscapeOutput -- Coze's stream, passed on as it came.
					flush();
					return strlen( $chunk );
				},
			)
		);
		if ( null !== $body ) {
			curl_setopt( $curl, CURLOPT_POSTFIELDS, $body );
		}
		$ok = curl_exec( $curl );
		curl_close( $curl );
		if ( false === $ok && ! headers_sent() ) {
			self::send_refusal( 502, 'coze_unreachable', __( 'Coze cannot be reached: try again.', 'chat-for-coze' ) );
			return;
		}
		if ( $state['status'] >= 300 && $state['status'] < 400 ) {
			self::send_refusal( 502, 'coze_redirect', __( 'Coze cannot be reached: try again.', 'chat-for-coze' ) );
			return;
		}
		if ( $state['stream'] ) {
			return;
		}
		$text = $state['buffer'];
		$data = json_decode( $text, true );
		if ( is_array( $data ) ) {
			if ( $learn ) {
				$id = $data['data']['conversation_id'] ?? $data['data']['id'] ?? null;
				if ( is_string( $id ) && '' !== $id ) {
					self::claim( $id, $visitor );
				}
			}
			if ( '/v1/conversations' === $path && isset( $data['data']['conversations'] ) && is_array( $data['data']['conversations'] ) ) {
				$data['data']['conversations'] = array_values(
					array_filter(
						$data['data']['conversations'],
						static function ( $c ) use ( $visitor ) {
							return isset( $c['id'] ) && self::owner_of( (string) $c['id'] ) === $visitor;
						}
					)
				);
				$text = wp_json_encode( $data );
			}
		}
		self::send_head( $state, false );
		echo $text; // phpcs:ignore WordPress.Security.EscapeOutput -- Coze's JSON, passed on.
	}

	private static function send_head( array $state, $stream ) {
		status_header( $state['status'] ? $state['status'] : 502 );
		foreach ( $state['headers'] ?? array() as $line ) {
			header( $line );
		}
		header( 'X-Content-Type-Options: nosniff' );
		header( $stream ? 'Cache-Control: no-cache' : 'Cache-Control: no-store' );
		if ( $stream ) {
			header( 'X-Accel-Buffering: no' );
		}
	}

	private static function send_refusal( $status, $code, $message ) {
		status_header( $status );
		header( 'Content-Type: application/json; charset=utf-8' );
		header( 'Cache-Control: no-store' );
		echo wp_json_encode( array( 'error' => $code, 'message' => $message ) );
	}
}

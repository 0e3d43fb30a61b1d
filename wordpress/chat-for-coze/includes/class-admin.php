<?php
/**
 * Settings → Chat for Coze: the Settings API form, "Test connection", and the notice naming what is missing.
 *
 * @package Chat_For_Coze
 * @license GPL-2.0-or-later
 */

defined( 'ABSPATH' ) || exit;

/** The admin side. Every action needs manage_options; forms carry nonces. No outbound call but "Test connection". */
final class Chat_For_Coze_Admin {
	const PAGE = 'chat-for-coze';

	public static function hook() {
		add_action( 'admin_menu', array( __CLASS__, 'menu' ) );
		add_action( 'admin_init', array( __CLASS__, 'settings' ) );
		add_action( 'admin_notices', array( __CLASS__, 'missing_notice' ) );
		add_action( 'admin_post_chat_for_coze_test', array( __CLASS__, 'test_connection' ) );
	}

	public static function menu() {
		add_options_page( __( 'Chat for Coze', 'chat-for-coze' ), __( 'Chat for Coze', 'chat-for-coze' ), 'manage_options', self::PAGE, array( __CLASS__, 'page' ) );
	}

	public static function settings() {
		register_setting(
			self::PAGE,
			Chat_For_Coze_Settings::OPTION,
			array( 'type' => 'array', 'sanitize_callback' => array( 'Chat_For_Coze_Settings', 'sanitize' ), 'default' => Chat_For_Coze_Settings::defaults() )
		);
		$sections = array(
			'where'   => __( 'Where the bot lives', 'chat-for-coze' ),
			'what'    => __( 'What answers', 'chat-for-coze' ),
			'signin'  => __( 'How it signs in', 'chat-for-coze' ),
			'looks'   => __( 'How it looks', 'chat-for-coze' ),
			'shows'   => __( 'Where it shows, and to whom', 'chat-for-coze' ),
		);
		foreach ( $sections as $id => $title ) {
			add_settings_section( 'chat_for_coze_' . $id, $title, '__return_false', self::PAGE );
		}
		foreach ( self::fields() as $name => $field ) {
			add_settings_field( $name, $field[1], array( __CLASS__, 'field' ), self::PAGE, 'chat_for_coze_' . $field[0], array( 'name' => $name, 'type' => $field[2], 'choices' => $field[3] ?? array(), 'label_for' => 'chat_for_coze_' . $name ) );
		}
	}

	/** Each field: section, label, type, choices. */
	private static function fields() {
		return array(
			'platform'      => array( 'where', __( 'Platform', 'chat-for-coze' ), 'select', array( 'cloud' => __( 'Coze cloud (OAuth app)', 'chat-for-coze' ), 'studio' => __( 'Coze Studio (personal access token, through this site)', 'chat-for-coze' ) ) ),
			'cloud_base'    => array( 'where', __( 'Coze cloud API', 'chat-for-coze' ), 'select', array_combine( Chat_For_Coze_Settings::CLOUD_BASES, Chat_For_Coze_Settings::CLOUD_BASES ) ),
			'studio_url'    => array( 'where', __( 'Coze Studio URL', 'chat-for-coze' ), 'url' ),
			'target'        => array( 'what', __( 'Answered by', 'chat-for-coze' ), 'select', array( 'bot' => __( 'A bot', 'chat-for-coze' ), 'workflow' => __( 'A chatflow or workflow', 'chat-for-coze' ) ) ),
			'bot_id'        => array( 'what', __( 'Bot ID', 'chat-for-coze' ), 'text' ),
			'workflow_id'   => array( 'what', __( 'Workflow ID', 'chat-for-coze' ), 'text' ),
			'app_id'        => array( 'what', __( 'App ID', 'chat-for-coze' ), 'text' ),
			'workflow_type' => array( 'what', __( 'Workflow type', 'chat-for-coze' ), 'select', array( 'chatflow' => __( 'Chatflow', 'chat-for-coze' ), 'workflow' => __( 'Workflow', 'chat-for-coze' ) ) ),
			'oauth_app_id'  => array( 'signin', __( 'OAuth app ID', 'chat-for-coze' ), 'text' ),
			'key_id'        => array( 'signin', __( 'Public key ID', 'chat-for-coze' ), 'text' ),
			'private_key'   => array( 'signin', __( 'Private key', 'chat-for-coze' ), 'secret' ),
			'studio_token'  => array( 'signin', __( 'Personal access token', 'chat-for-coze' ), 'secret' ),
			'mode'          => array( 'looks', __( 'Mode', 'chat-for-coze' ), 'select', array( 'floating' => __( 'Floating', 'chat-for-coze' ), 'inline' => __( 'Inline', 'chat-for-coze' ), 'fullscreen' => __( 'Full screen', 'chat-for-coze' ) ) ),
			'theme'         => array( 'looks', __( 'Theme', 'chat-for-coze' ), 'select', array( 'light' => __( 'Light', 'chat-for-coze' ), 'dark' => __( 'Dark', 'chat-for-coze' ), 'auto' => __( 'Follow the system', 'chat-for-coze' ) ) ),
			'position'      => array( 'looks', __( 'Position', 'chat-for-coze' ), 'select', array( 'bottom-right' => __( 'Bottom right', 'chat-for-coze' ), 'bottom-left' => __( 'Bottom left', 'chat-for-coze' ) ) ),
			'title'         => array( 'looks', __( 'Title', 'chat-for-coze' ), 'text' ),
			'welcome'       => array( 'looks', __( 'Welcome text', 'chat-for-coze' ), 'textarea' ),
			'conversations' => array( 'looks', __( 'Conversation list', 'chat-for-coze' ), 'checkbox' ),
			'uploadable'    => array( 'looks', __( 'Uploads', 'chat-for-coze' ), 'checkbox' ),
			'feedback'      => array( 'looks', __( 'Feedback', 'chat-for-coze' ), 'checkbox' ),
			'placement'     => array( 'shows', __( 'Where it shows', 'chat-for-coze' ), 'select', array( 'placed' => __( 'Only where the shortcode or block is placed', 'chat-for-coze' ), 'everywhere' => __( 'Every page', 'chat-for-coze' ), 'chosen' => __( 'The chosen post types and pages', 'chat-for-coze' ) ) ),
			'post_types'    => array( 'shows', __( 'Post types', 'chat-for-coze' ), 'post_types' ),
			'include_pages' => array( 'shows', __( 'Also on pages (IDs, comma-separated)', 'chat-for-coze' ), 'ids' ),
			'exclude_pages' => array( 'shows', __( 'Never on pages (IDs, comma-separated)', 'chat-for-coze' ), 'ids' ),
			'audience'      => array( 'shows', __( 'Who sees it', 'chat-for-coze' ), 'select', array( 'everyone' => __( 'Everyone', 'chat-for-coze' ), 'signed-in' => __( 'Signed-in users only', 'chat-for-coze' ) ) ),
		);
	}

	/** One field. Secrets are never printed: only whether they are set. */
	public static function field( array $args ) {
		$settings = Chat_For_Coze_Settings::get();
		$name     = $args['name'];
		$id       = 'chat_for_coze_' . $name;
		$input    = Chat_For_Coze_Settings::OPTION . '[' . $name . ']';
		$value    = $settings[ $name ];
		switch ( $args['type'] ) {
			case 'select':
				echo '<select id="' . esc_attr( $id ) . '" name="' . esc_attr( $input ) . '">';
				foreach ( $args['choices'] as $choice => $label ) {
					echo '<option value="' . esc_attr( $choice ) . '"' . selected( $value, $choice, false ) . '>' . esc_html( $label ) . '</option>';
				}
				echo '</select>';
				break;
			case 'checkbox':
				echo '<input type="hidden" name="' . esc_attr( Chat_For_Coze_Settings::OPTION . '[appearance_sent]' ) . '" value="1">';
				echo '<input type="checkbox" id="' . esc_attr( $id ) . '" name="' . esc_attr( $input ) . '" value="1"' . checked( ! empty( $value ), true, false ) . '>';
				break;
			case 'textarea':
				echo '<textarea id="' . esc_attr( $id ) . '" name="' . esc_attr( $input ) . '" rows="3" class="large-text">' . esc_textarea( $value ) . '</textarea>';
				break;
			case 'secret':
				$set = 'private_key' === $name ? '' !== Chat_For_Coze_Settings::private_key( $settings ) : '' !== $value;
				$from_config = 'private_key' === $name && defined( 'CHAT_FOR_COZE_PRIVATE_KEY' );
				echo '<p class="chat-for-coze-secret-state" id="' . esc_attr( $id ) . '_state">' . esc_html( $set ? __( 'Set', 'chat-for-coze' ) : __( 'Not set', 'chat-for-coze' ) ) . ( $from_config ? ' ' . esc_html__( '(from CHAT_FOR_COZE_PRIVATE_KEY in wp-config.php)', 'chat-for-coze' ) : '' ) . '</p>';
				if ( ! $from_config ) {
					echo '<textarea id="' . esc_attr( $id ) . '" name="' . esc_attr( $input ) . '" rows="' . ( 'private_key' === $name ? 4 : 1 ) . '" class="large-text code" autocomplete="off" spellcheck="false" placeholder="' . esc_attr( $set ? __( 'Leave blank to keep the one set', 'chat-for-coze' ) : '' ) . '"></textarea>';
				}
				break;
			case 'post_types':
				foreach ( get_post_types( array( 'public' => true ), 'objects' ) as $type ) {
					echo '<label><input type="checkbox" name="' . esc_attr( $input ) . '[]" value="' . esc_attr( $type->name ) . '"' . checked( in_array( $type->name, (array) $value, true ), true, false ) . '> ' . esc_html( $type->label ) . '</label><br>';
				}
				echo '<input type="hidden" name="' . esc_attr( $input ) . '[]" value="">';
				break;
			case 'ids':
				echo '<input type="text" id="' . esc_attr( $id ) . '" name="' . esc_attr( $input ) . '" value="' . esc_attr( implode( ', ', (array) $value ) ) . '" class="regular-text">';
				break;
			default:
				echo '<input type="' . ( 'url' === $args['type'] ? 'url' : 'text' ) . '" id="' . esc_attr( $id ) . '" name="' . esc_attr( $input ) . '" value="' . esc_attr( $value ) . '" class="regular-text">';
		}
	}

	public static function page() {
		if ( ! current_user_can( 'manage_options' ) ) {
			return;
		}
		echo '<div class="wrap"><h1>' . esc_html__( 'Chat for Coze', 'chat-for-coze' ) . '</h1>';
		$result = get_transient( 'chat_for_coze_test_' . get_current_user_id() );
		if ( is_array( $result ) ) {
			delete_transient( 'chat_for_coze_test_' . get_current_user_id() );
			echo '<div id="chat-for-coze-test-result" class="notice notice-' . ( $result['ok'] ? 'success' : 'error' ) . '"><p>' . esc_html( $result['message'] ) . '</p></div>';
		}
		echo '<form method="post" action="options.php">';
		settings_fields( self::PAGE );
		do_settings_sections( self::PAGE );
		submit_button();
		echo '</form>';
		echo '<form method="post" action="' . esc_url( admin_url( 'admin-post.php' ) ) . '">';
		echo '<input type="hidden" name="action" value="chat_for_coze_test">';
		wp_nonce_field( 'chat_for_coze_test' );
		submit_button( __( 'Test connection', 'chat-for-coze' ), 'secondary', 'chat_for_coze_test', false );
		echo '</form>';
		echo '<p>' . esc_html__( 'Place it with the shortcode [chat_for_coze] or the "Chat for Coze" block.', 'chat-for-coze' ) . '</p></div>';
	}

	/** What is missing, named, on the plugin's page and the dashboard. */
	public static function missing_notice() {
		if ( ! current_user_can( 'manage_options' ) ) {
			return;
		}
		$missing = Chat_For_Coze_Settings::missing( Chat_For_Coze_Settings::get() );
		if ( $missing ) {
			/* translators: %s: the settings still empty, comma-separated. */
			$text = sprintf( __( 'Chat for Coze is not shown until these are set: %s.', 'chat-for-coze' ), implode( ', ', $missing ) );
			echo '<div class="notice notice-warning" id="chat-for-coze-missing"><p>' . esc_html( $text ) . ' <a href="' . esc_url( admin_url( 'options-general.php?page=' . self::PAGE ) ) . '">' . esc_html__( 'Settings', 'chat-for-coze' ) . '</a></p></div>';
		}
	}

	/** "Test connection": a real trade (or a Studio call), its failure named in plain words. */
	public static function test_connection() {
		if ( ! current_user_can( 'manage_options' ) ) {
			wp_die( esc_html__( 'You may not do this.', 'chat-for-coze' ), 403 );
		}
		check_admin_referer( 'chat_for_coze_test' );
		set_transient( 'chat_for_coze_test_' . get_current_user_id(), self::test( Chat_For_Coze_Settings::get() ), 60 );
		wp_safe_redirect( admin_url( 'options-general.php?page=' . self::PAGE ) );
		exit;
	}

	/** The user Coze hears the connection test as: no visitor's. */
	const TEST_USER = 'chat-for-coze-connection-test';

	/** @return array{ok: bool, message: string} */
	public static function test( array $settings ) {
		$missing = Chat_For_Coze_Settings::missing( $settings );
		if ( $missing ) {
			/* translators: %s: the settings still empty. */
			return array( 'ok' => false, 'message' => sprintf( __( 'Set these first: %s.', 'chat-for-coze' ), implode( ', ', $missing ) ) );
		}
		$api_base = Chat_For_Coze_Settings::api_base( $settings );
		if ( 'studio' === $settings['platform'] ) {
			return self::test_studio( $settings, $api_base );
		}
		$token = Chat_For_Coze_Token_Route::trade( $settings, self::TEST_USER );
		if ( is_wp_error( $token ) ) {
			return array( 'ok' => false, 'message' => self::plain( $token, $settings, $api_base ) );
		}
		if ( 'bot' !== $settings['target'] ) {
			return array( 'ok' => true, 'message' => __( 'Connected: Coze gave a token for this workflow.', 'chat-for-coze' ) );
		}
		return self::test_chat( $settings, $api_base, $token['access_token'] );
	}

	/**
	 * A token alone does not say the bot may chat on the Chat SDK connector (Coze answers that on
	 * the chat itself): one chat is started there as the test user, and cancelled at once.
	 */
	private static function test_chat( array $settings, $api_base, $access_token ) {
		$headers = array( 'Authorization' => 'Bearer ' . $access_token, 'Content-Type' => 'application/json' );
		$answer  = wp_remote_post(
			$api_base . '/v3/chat',
			array(
				'headers'     => $headers,
				'body'        => wp_json_encode(
					array(
						'bot_id'              => $settings['bot_id'],
						'user_id'             => self::TEST_USER,
						'connector_id'        => '999',
						'stream'              => false,
						'auto_save_history'   => true,
						'additional_messages' => array( array( 'role' => 'user', 'content' => 'Test connection', 'content_type' => 'text' ) ),
					)
				),
				'timeout'     => 8,
				'redirection' => 0,
			)
		);
		if ( is_wp_error( $answer ) ) {
			return array( 'ok' => false, 'message' => self::unreachable( $api_base ) );
		}
		$data = json_decode( wp_remote_retrieve_body( $answer ), true );
		$code = is_array( $data ) && isset( $data['code'] ) ? (int) $data['code'] : -1;
		if ( 0 === $code && isset( $data['data']['id'], $data['data']['conversation_id'] ) ) {
			wp_remote_post(
				$api_base . '/v3/chat/cancel',
				array( 'headers' => $headers, 'body' => wp_json_encode( array( 'chat_id' => (string) $data['data']['id'], 'conversation_id' => (string) $data['data']['conversation_id'] ) ), 'timeout' => 8, 'redirection' => 0 )
			);
			return array( 'ok' => true, 'message' => __( 'Connected: Coze gave a token, and the bot answers on the Chat SDK connector.', 'chat-for-coze' ) );
		}
		if ( 4015 === $code ) {
			return array( 'ok' => false, 'message' => __( 'The bot is not published to the Chat SDK connector: publish it there in Coze, then test again.', 'chat-for-coze' ) );
		}
		$detail = is_array( $data ) && isset( $data['msg'] ) ? $code . ': ' . sanitize_text_field( (string) $data['msg'] ) : 'HTTP ' . wp_remote_retrieve_response_code( $answer );
		/* translators: %s: Coze's code and message. */
		return array( 'ok' => false, 'message' => sprintf( __( 'Coze gave a token, but the bot would not chat (%s).', 'chat-for-coze' ), $detail ) );
	}

	/** Studio: the bot's details, asked with the personal access token. */
	private static function test_studio( array $settings, $api_base ) {
		$answer = wp_remote_get( $api_base . '/v1/bots/' . rawurlencode( $settings['bot_id'] ), array( 'headers' => array( 'Authorization' => 'Bearer ' . $settings['studio_token'] ), 'timeout' => 8, 'redirection' => 0 ) );
		if ( is_wp_error( $answer ) ) {
			/* translators: %s: the Coze Studio URL. */
			return array( 'ok' => false, 'message' => sprintf( __( 'This site cannot reach Coze Studio at %s: check the URL, and that the server may open connections to it.', 'chat-for-coze' ), $api_base ) );
		}
		$status = wp_remote_retrieve_response_code( $answer );
		$data   = json_decode( wp_remote_retrieve_body( $answer ), true );
		$code   = is_array( $data ) && isset( $data['code'] ) ? (int) $data['code'] : -1;
		// Studio refuses a token with HTTP 200 and its own code (700012006), cloud-style gateways with 401.
		if ( 401 === $status || 403 === $status || 700012006 === $code || 4100 === $code || 4101 === $code ) {
			return array( 'ok' => false, 'message' => __( 'Coze Studio refused the personal access token.', 'chat-for-coze' ) );
		}
		return 200 === $status && 0 === $code
			? array( 'ok' => true, 'message' => __( 'Connected: Coze Studio knows the token and the bot.', 'chat-for-coze' ) )
			: array( 'ok' => false, 'message' => __( 'Coze Studio does not know this bot: check the bot ID.', 'chat-for-coze' ) );
	}

	/** @param string $api_base The Coze the site tried. */
	private static function unreachable( $api_base ) {
		/* translators: %s: the Coze API address. */
		return sprintf( __( 'This site cannot reach Coze at %s: check that the server may open connections to it.', 'chat-for-coze' ), $api_base );
	}

	/** Coze's refusal of a trade, in plain words. */
	private static function plain( WP_Error $error, array $settings, $api_base ) {
		$data = (array) $error->get_error_data();
		$code = (string) ( $data['coze_code'] ?? '' );
		$text = strtolower( $error->get_error_message() );
		if ( 'coze_unreachable' === $error->get_error_code() ) {
			return self::unreachable( $api_base );
		}
		if ( 'bad_key' === $error->get_error_code() || false !== strpos( $text, 'signature' ) ) {
			return __( 'Coze does not accept the key: the private key is not the one of this public key ID. Paste the private key Coze gave with it.', 'chat-for-coze' );
		}
		// Coze keeps a public key per app: an app id it does not know and a key id not of that app read the same.
		if ( false !== strpos( $text, 'no public key' ) || false !== strpos( $text, 'kid' ) || ( false !== strpos( $text, 'app' ) && ( false !== strpos( $text, 'not found' ) || false !== strpos( $text, 'iss' ) ) ) ) {
			/* translators: 1: the OAuth app ID, 2: the public key ID. */
			return sprintf( __( 'Coze knows no OAuth app %1$s with the public key ID %2$s: check both IDs in the app\'s settings in Coze.', 'chat-for-coze' ), $settings['oauth_app_id'], $settings['key_id'] );
		}
		if ( false !== strpos( $text, 'publish' ) || false !== strpos( $text, 'connector' ) ) {
			return __( 'The bot is not published to the Chat SDK connector: publish it there in Coze, then test again.', 'chat-for-coze' );
		}
		/* translators: %s: Coze's error code. */
		return sprintf( __( 'Coze refused the sign-in (%s).', 'chat-for-coze' ), '' !== $code ? $code : __( 'no reason given', 'chat-for-coze' ) );
	}
}

<?php
/**
 * The plugin's one option, `chat_for_coze_settings`, its defaults and its sanitizer.
 *
 * @package Chat_For_Coze
 * @license GPL-2.0-or-later
 */

defined( 'ABSPATH' ) || exit;

/** The settings: read, cleaned, and checked for what is missing. */
final class Chat_For_Coze_Settings {
	const OPTION = 'chat_for_coze_settings';
	const CLOUD_BASES = array( 'https://api.coze.com', 'https://api.coze.cn' );
	const MODES = array( 'floating', 'inline', 'fullscreen' );
	const THEMES = array( 'light', 'dark', 'auto' );
	const POSITIONS = array( 'bottom-right', 'bottom-left' );
	const PLACEMENTS = array( 'everywhere', 'chosen', 'placed' );
	const AUDIENCES = array( 'everyone', 'signed-in' );

	/** What a fresh site has. */
	public static function defaults() {
		return array(
			'platform'       => 'cloud',
			'cloud_base'     => 'https://api.coze.com',
			'studio_url'     => '',
			'target'         => 'bot',
			'bot_id'         => '',
			'workflow_id'    => '',
			'app_id'         => '',
			'workflow_type'  => 'chatflow',
			'oauth_app_id'   => '',
			'key_id'         => '',
			'private_key'    => '',
			'studio_token'   => '',
			'mode'           => 'floating',
			'theme'          => 'light',
			'position'       => 'bottom-right',
			'title'          => '',
			'welcome'        => '',
			'conversations'  => false,
			'uploadable'     => false,
			'feedback'       => false,
			'placement'      => 'placed',
			'post_types'     => array(),
			'include_pages'  => array(),
			'exclude_pages'  => array(),
			'audience'       => 'everyone',
		);
	}

	/** The saved settings over the defaults. */
	public static function get() {
		$saved = get_option( self::OPTION, array() );
		return array_merge( self::defaults(), is_array( $saved ) ? $saved : array() );
	}

	/** The private key: `CHAT_FOR_COZE_PRIVATE_KEY` in wp-config.php, else the saved one. Never printed. */
	public static function private_key( array $settings ) {
		if ( defined( 'CHAT_FOR_COZE_PRIVATE_KEY' ) && is_string( CHAT_FOR_COZE_PRIVATE_KEY ) && '' !== CHAT_FOR_COZE_PRIVATE_KEY ) {
			return CHAT_FOR_COZE_PRIVATE_KEY;
		}
		return (string) $settings['private_key'];
	}

	/**
	 * Where Coze is. `CHAT_FOR_COZE_API_BASE` in wp-config.php overrides it (a staging Coze, or a test's emulator).
	 */
	public static function api_base( array $settings ) {
		if ( defined( 'CHAT_FOR_COZE_API_BASE' ) && is_string( CHAT_FOR_COZE_API_BASE ) ) {
			return rtrim( CHAT_FOR_COZE_API_BASE, '/' );
		}
		return 'studio' === $settings['platform'] ? rtrim( $settings['studio_url'], '/' ) : $settings['cloud_base'];
	}

	/** The names of the settings the widget still needs; empty when it can be shown. */
	public static function missing( array $settings ) {
		$missing = array();
		if ( 'bot' === $settings['target'] && '' === $settings['bot_id'] ) {
			$missing[] = __( 'Bot ID', 'chat-for-coze' );
		}
		if ( 'workflow' === $settings['target'] ) {
			if ( '' === $settings['workflow_id'] ) {
				$missing[] = __( 'Workflow ID', 'chat-for-coze' );
			}
			if ( '' === $settings['app_id'] ) {
				$missing[] = __( 'App ID', 'chat-for-coze' );
			}
		}
		if ( 'studio' === $settings['platform'] ) {
			if ( '' === $settings['studio_url'] && ! defined( 'CHAT_FOR_COZE_API_BASE' ) ) {
				$missing[] = __( 'Coze Studio URL', 'chat-for-coze' );
			}
			if ( '' === $settings['studio_token'] ) {
				$missing[] = __( 'Personal access token', 'chat-for-coze' );
			}
		} else {
			if ( '' === $settings['oauth_app_id'] ) {
				$missing[] = __( 'OAuth app ID', 'chat-for-coze' );
			}
			if ( '' === $settings['key_id'] ) {
				$missing[] = __( 'Public key ID', 'chat-for-coze' );
			}
			if ( '' === self::private_key( $settings ) ) {
				$missing[] = __( 'Private key', 'chat-for-coze' );
			}
		}
		return $missing;
	}

	/**
	 * The input cleaned against the old settings: each bad value keeps the old one, with a sentence saying why.
	 *
	 * @param mixed $input What the form (or a script) gave.
	 * @param array $old   The settings kept so far.
	 * @return array{0: array, 1: string[]} The settings to keep, and the notices.
	 */
	public static function clean( $input, array $old ) {
		$input  = is_array( $input ) ? $input : array();
		$out    = $old;
		$errors = array();
		$choice = static function ( $name, array $allowed ) use ( $input, &$out, &$errors ) {
			if ( ! isset( $input[ $name ] ) ) {
				return;
			}
			if ( in_array( $input[ $name ], $allowed, true ) ) {
				$out[ $name ] = $input[ $name ];
			} else {
				/* translators: %s: the setting's name. */
				$errors[] = sprintf( __( '%s: that choice does not exist; the old one is kept.', 'chat-for-coze' ), $name );
			}
		};
		$choice( 'platform', array( 'cloud', 'studio' ) );
		$choice( 'cloud_base', self::CLOUD_BASES );
		$choice( 'target', array( 'bot', 'workflow' ) );
		$choice( 'workflow_type', array( 'chatflow', 'workflow' ) );
		$choice( 'mode', self::MODES );
		$choice( 'theme', self::THEMES );
		$choice( 'position', self::POSITIONS );
		$choice( 'placement', self::PLACEMENTS );
		$choice( 'audience', self::AUDIENCES );

		$ids = array(
			'bot_id'       => __( 'Bot ID', 'chat-for-coze' ),
			'workflow_id'  => __( 'Workflow ID', 'chat-for-coze' ),
			'app_id'       => __( 'App ID', 'chat-for-coze' ),
			'oauth_app_id' => __( 'OAuth app ID', 'chat-for-coze' ),
		);
		foreach ( $ids as $name => $label ) {
			if ( ! isset( $input[ $name ] ) ) {
				continue;
			}
			$value = trim( (string) $input[ $name ] );
			if ( '' === $value || preg_match( '/^\d{1,32}$/', $value ) ) {
				$out[ $name ] = $value;
			} else {
				/* translators: %s: the setting's name. */
				$errors[] = sprintf( __( '%s must be digits only, as Coze shows it; the old value is kept.', 'chat-for-coze' ), $label );
			}
		}
		if ( isset( $input['key_id'] ) ) {
			$value = trim( (string) $input['key_id'] );
			if ( '' === $value || preg_match( '/^[A-Za-z0-9_\-]{1,128}$/', $value ) ) {
				$out['key_id'] = $value;
			} else {
				$errors[] = __( 'Public key ID: letters, digits, "-" and "_" only; the old value is kept.', 'chat-for-coze' );
			}
		}
		if ( isset( $input['studio_url'] ) ) {
			$value = trim( (string) $input['studio_url'] );
			$parts = wp_parse_url( $value );
			if ( '' === $value || ( is_array( $parts ) && in_array( $parts['scheme'] ?? '', array( 'http', 'https' ), true ) && ! empty( $parts['host'] ) && empty( $parts['user'] ) && empty( $parts['query'] ) ) ) {
				$out['studio_url'] = rtrim( $value, '/' );
			} else {
				$errors[] = __( 'Coze Studio URL must be an http or https address such as http://localhost:8888; the old value is kept.', 'chat-for-coze' );
			}
		}
		// A secret field left blank keeps the secret: the form never shows it.
		if ( isset( $input['private_key'] ) && '' !== trim( (string) $input['private_key'] ) ) {
			$problem = Chat_For_Coze_Jwt::key_problem( trim( (string) $input['private_key'] ) );
			if ( null === $problem ) {
				$out['private_key'] = trim( (string) $input['private_key'] );
			} else {
				$errors[] = $problem . ' ' . __( 'The old key is kept.', 'chat-for-coze' );
			}
		}
		if ( ! empty( $input['forget_private_key'] ) ) {
			$out['private_key'] = '';
		}
		if ( isset( $input['studio_token'] ) && '' !== trim( (string) $input['studio_token'] ) ) {
			$value = trim( (string) $input['studio_token'] );
			if ( preg_match( '/^[A-Za-z0-9_\-]{8,256}$/', $value ) ) {
				$out['studio_token'] = $value;
			} else {
				$errors[] = __( 'The personal access token has characters a token never has; the old one is kept.', 'chat-for-coze' );
			}
		}
		foreach ( array( 'title' => 80, 'welcome' => 2000 ) as $name => $length ) {
			if ( isset( $input[ $name ] ) ) {
				$text         = 'welcome' === $name ? sanitize_textarea_field( (string) $input[ $name ] ) : sanitize_text_field( (string) $input[ $name ] );
				$out[ $name ] = mb_substr( $text, 0, $length );
			}
		}
		// Checkboxes: a form that sends the section sends each box, ticked or not.
		if ( isset( $input['appearance_sent'] ) || isset( $input['conversations'] ) || isset( $input['uploadable'] ) || isset( $input['feedback'] ) ) {
			foreach ( array( 'conversations', 'uploadable', 'feedback' ) as $name ) {
				$out[ $name ] = ! empty( $input[ $name ] );
			}
		}
		if ( isset( $input['post_types'] ) ) {
			$out['post_types'] = array_values( array_filter( array_map( 'sanitize_key', (array) $input['post_types'] ) ) );
		}
		foreach ( array( 'include_pages', 'exclude_pages' ) as $name ) {
			if ( isset( $input[ $name ] ) ) {
				$out[ $name ] = self::page_ids( $input[ $name ] );
			}
		}
		return array( $out, $errors );
	}

	/** Page ids from a list or a comma-separated text, as ints (the visibility rules compare ints). */
	public static function page_ids( $value ) {
		$items = is_array( $value ) ? $value : explode( ',', (string) $value );
		$ids   = array();
		foreach ( $items as $item ) {
			$id = absint( trim( (string) $item ) );
			if ( $id > 0 ) {
				$ids[] = $id;
			}
		}
		return array_values( array_unique( $ids ) );
	}

	/** The Settings API's sanitize callback: notices through add_settings_error. */
	public static function sanitize( $input ) {
		list( $clean, $errors ) = self::clean( $input, self::get() );
		foreach ( $errors as $i => $message ) {
			add_settings_error( self::OPTION, 'chat_for_coze_' . $i, $message, 'error' );
		}
		return $clean;
	}
}

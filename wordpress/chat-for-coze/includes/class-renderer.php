<?php
/**
 * One renderer behind the shortcode, the block and the site-wide widget.
 *
 * @package Chat_For_Coze
 * @license GPL-2.0-or-later
 */

defined( 'ABSPATH' ) || exit;

/** Draws `<coze-chat>` and loads the widget's script on the pages that show it. */
final class Chat_For_Coze_Renderer {
	const HANDLE = 'chat-for-coze-widget';
	/** What the shortcode and block may override. */
	const OVERRIDES = array( 'bot', 'mode', 'theme', 'height', 'title' );

	/** Whether a shortcode or block drew the chat on this page (the site-wide one then stays away). */
	private static $placed = false;

	public static function register() {
		add_shortcode( 'chat_for_coze', array( __CLASS__, 'shortcode' ) );
		$block = register_block_type( CHAT_FOR_COZE_DIR . '/blocks/chat', array( 'render_callback' => array( __CLASS__, 'block' ) ) );
		if ( $block ) {
			// The editor's strings come from the plugin's own languages/ (scripts/wordpress-mo.js writes the JSON).
			wp_set_script_translations( generate_block_asset_handle( $block->name, 'editorScript' ), 'chat-for-coze', CHAT_FOR_COZE_DIR . '/languages' );
		}
		add_action( 'wp_enqueue_scripts', array( __CLASS__, 'enqueue_site_wide' ) );
		add_action( 'wp_footer', array( __CLASS__, 'site_wide' ) );
		add_filter( 'script_loader_tag', array( __CLASS__, 'module_tag' ), 10, 2 );
	}

	/** `[chat_for_coze bot="…" mode="inline" theme="dark" height="600px" title="…"]`. */
	public static function shortcode( $attributes ) {
		$attributes = shortcode_atts( array_fill_keys( self::OVERRIDES, '' ), is_array( $attributes ) ? $attributes : array(), 'chat_for_coze' );
		return self::placed( $attributes );
	}

	/** The dynamic block's front end. */
	public static function block( $attributes ) {
		$attributes = is_array( $attributes ) ? $attributes : array();
		return self::placed( array_intersect_key( $attributes, array_flip( self::OVERRIDES ) ) );
	}

	/** The floating widget, where the visibility rules say. */
	public static function site_wide() {
		$settings = Chat_For_Coze_Settings::get();
		if ( self::$placed || ! Chat_For_Coze_Visibility::site_wide( $settings, Chat_For_Coze_Visibility::current_page() ) ) {
			return;
		}
		echo self::element( $settings, array( 'mode' => 'floating' ) ); // phpcs:ignore WordPress.Security.EscapeOutput -- built escaped.
	}

	/** Load the script early where the site-wide widget will show. */
	public static function enqueue_site_wide() {
		$settings = Chat_For_Coze_Settings::get();
		if ( array() === Chat_For_Coze_Settings::missing( $settings ) && Chat_For_Coze_Visibility::site_wide( $settings, Chat_For_Coze_Visibility::current_page() ) ) {
			self::enqueue();
		}
	}

	private static function placed( array $overrides ) {
		$settings = Chat_For_Coze_Settings::get();
		if ( ! Chat_For_Coze_Visibility::audience_sees( $settings, is_user_logged_in() ) ) {
			return '';
		}
		$html = self::element( $settings, array_filter( array_map( 'strval', $overrides ), 'strlen' ) );
		if ( '' !== $html ) {
			self::$placed = true;
		}
		return $html;
	}

	/**
	 * The chat element, every attribute escaped, or nothing when the settings are incomplete
	 * (the admin notice says what is missing; visitors never see a broken widget).
	 *
	 * @param array $settings  The plugin's settings.
	 * @param array $overrides The shortcode's or block's attributes.
	 */
	public static function element( array $settings, array $overrides ) {
		if ( array() !== Chat_For_Coze_Settings::missing( $settings ) ) {
			return '';
		}
		$attributes = self::attributes( $settings, $overrides, get_locale() );
		if ( 'studio' === $settings['platform'] ) {
			$attributes['api-base'] = rest_url( Chat_For_Coze_Token_Route::NAMESPACE_ . '/coze' );
		} else {
			$endpoint = rest_url( Chat_For_Coze_Token_Route::NAMESPACE_ . '/token' );
			// A signed-in user's cookie counts only with a nonce; their pages are not cached, so it is fresh.
			$attributes['token-endpoint'] = is_user_logged_in() ? add_query_arg( '_wpnonce', wp_create_nonce( 'wp_rest' ), $endpoint ) : $endpoint;
			$attributes['api-base']       = Chat_For_Coze_Settings::api_base( $settings );
		}
		self::enqueue();
		$html = '<coze-chat';
		foreach ( $attributes as $name => $value ) {
			$html .= true === $value ? ' ' . esc_attr( $name ) : ' ' . esc_attr( $name ) . '="' . esc_attr( $value ) . '"';
		}
		return $html . '></coze-chat>';
	}

	/**
	 * The widget's attributes from the settings and overrides (no URLs: those need WordPress).
	 *
	 * @param array  $settings  The plugin's settings.
	 * @param array  $overrides bot, mode, theme, height, title.
	 * @param string $locale    The site's locale.
	 */
	public static function attributes( array $settings, array $overrides, $locale ) {
		$mode  = in_array( $overrides['mode'] ?? '', Chat_For_Coze_Settings::MODES, true ) ? $overrides['mode'] : $settings['mode'];
		$theme = in_array( $overrides['theme'] ?? '', Chat_For_Coze_Settings::THEMES, true ) ? $overrides['theme'] : $settings['theme'];
		$out   = array();
		if ( 'bot' === $settings['target'] ) {
			$bot           = $overrides['bot'] ?? '';
			$out['bot-id'] = preg_match( '/^\d{1,32}$/', $bot ) ? $bot : $settings['bot_id'];
		} else {
			$out['workflow-id']   = $settings['workflow_id'];
			$out['app-id']        = $settings['app_id'];
			$out['workflow-type'] = $settings['workflow_type'];
		}
		$out['mode']     = $mode;
		$out['theme']    = $theme;
		$out['position'] = $settings['position'];
		$out['lang']     = 0 === strpos( (string) $locale, 'zh' ) ? 'zh-CN' : 'en';
		$title           = '' !== ( $overrides['title'] ?? '' ) ? $overrides['title'] : $settings['title'];
		if ( '' !== $title ) {
			$out['title'] = $title;
		}
		if ( '' !== $settings['welcome'] ) {
			$out['welcome'] = $settings['welcome'];
		}
		foreach ( array( 'conversations', 'uploadable', 'feedback' ) as $flag ) {
			if ( ! empty( $settings[ $flag ] ) ) {
				$out[ $flag ] = true;
			}
		}
		$height = $overrides['height'] ?? '';
		if ( 'inline' === $mode ) {
			$out['style'] = 'display:block;height:' . ( preg_match( '/^\d{2,4}(px|vh|em|rem)$/', $height ) ? $height : '600px' );
		}
		return $out;
	}

	/** The widget's script, an ES module (a module script on 6.5+, a script tag with type="module" before). */
	private static function enqueue() {
		$src = plugins_url( 'assets/widget/coze-chat.js', CHAT_FOR_COZE_FILE );
		if ( function_exists( 'wp_enqueue_script_module' ) ) {
			wp_enqueue_script_module( self::HANDLE, $src, array(), CHAT_FOR_COZE_VERSION );
			return;
		}
		wp_enqueue_script( self::HANDLE, $src, array(), CHAT_FOR_COZE_VERSION, true );
	}

	/** The fallback's script tag as a module. */
	public static function module_tag( $tag, $handle ) {
		return self::HANDLE === $handle ? str_replace( '<script ', '<script type="module" ', $tag ) : $tag;
	}
}

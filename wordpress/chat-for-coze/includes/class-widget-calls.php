<?php
/**
 * The calls `<coze-chat>` makes, which the Studio proxy forwards, and nothing else.
 *
 * @package Chat_For_Coze
 * @license GPL-2.0-or-later
 */

defined( 'ABSPATH' ) || exit;

/** The widget's known calls: `METHOD /path` (`{id}` for digits), the JSON fields passed on, and what each does. */
final class Chat_For_Coze_Widget_Calls {
	const CHAT_FIELDS = array( 'bot_id', 'user_id', 'stream', 'auto_save_history', 'additional_messages', 'custom_variables', 'parameters', 'connector_id', 'meta_data', 'extra_params', 'shortcut_command', 'enable_card', 'publish_status', 'bot_version' );
	const WORKFLOW_FIELDS = array( 'workflow_id', 'app_id', 'bot_id', 'parameters', 'ext', 'connector_id', 'workflow_version' );
	const FEEDBACK_FIELDS = array( 'feedback_type', 'reason_types', 'comment' );

	/** Each call: [call, fields or null for no JSON body, spends credits, starts a conversation]. */
	public static function all() {
		return array(
			array( 'POST /v3/chat', self::CHAT_FIELDS, true, true ),
			array( 'GET /v3/chat/retrieve', null, false, false ),
			array( 'GET /v3/chat/message/list', null, false, false ),
			array( 'POST /v3/chat/cancel', array( 'conversation_id', 'chat_id' ), false, false ),
			array( 'POST /v3/chat/submit_tool_outputs', array( 'tool_outputs', 'stream' ), true, false ),
			array( 'GET /v1/bots/{id}', null, false, false ),
			array( 'GET /v1/conversations', null, false, false ),
			array( 'POST /v1/conversation/message/list', array( 'order', 'before_id', 'after_id', 'limit', 'chat_id' ), false, false ),
			array( 'POST /v1/conversations/{id}/clear', array(), false, false ),
			array( 'POST /v1/conversations/{id}/messages/{id}/feedback', self::FEEDBACK_FIELDS, false, false ),
			array( 'DELETE /v1/conversations/{id}/messages/{id}/feedback', array(), false, false ),
			array( 'POST /v1/files/upload', null, false, false ),
			array( 'POST /v1/workflows/chat', array_merge( self::WORKFLOW_FIELDS, array( 'conversation_id', 'additional_messages' ) ), true, true ),
			array( 'POST /v1/workflow/stream_run', self::WORKFLOW_FIELDS, true, false ),
			array( 'POST /v1/workflow/stream_resume', array( 'workflow_id', 'app_id', 'event_id', 'resume_data', 'interrupt_type', 'ext' ), true, false ),
		);
	}

	/**
	 * The known call `$method $path` makes, or null.
	 *
	 * @return array{call: string, fields: ?array, spends: bool, creates: bool}|null
	 */
	public static function find( $method, $path ) {
		foreach ( self::all() as $known ) {
			list( $call_method, $call_path ) = explode( ' ', $known[0], 2 );
			$pattern = '#^' . str_replace( '\{id\}', '\d+', preg_quote( $call_path, '#' ) ) . '$#';
			if ( $call_method === $method && preg_match( $pattern, $path ) ) {
				return array( 'call' => $known[0], 'fields' => $known[1], 'spends' => $known[2], 'creates' => $known[3] );
			}
		}
		return null;
	}

	/** The conversation a path names (`/v1/conversations/{id}/…`), or null. */
	public static function conversation_in_path( $path ) {
		return preg_match( '#^/v1/conversations/(\d+)/#', $path, $m ) ? $m[1] : null;
	}

	/** The bot a path names (`/v1/bots/{id}`), or null. */
	public static function bot_in_path( $path ) {
		return preg_match( '#^/v1/bots/([^/]+)$#', $path, $m ) ? $m[1] : null;
	}
}

<?php
/** The zh_CN translation, read by WordPress's own .mo reader (Debian's WordPress). @license GPL-2.0-or-later */

use PHPUnit\Framework\TestCase;

final class TranslationTest extends TestCase {
	private static function mo() {
		foreach ( array( 'plural-forms', 'entry', 'translations', 'streams', 'mo' ) as $file ) {
			require_once '/usr/share/wordpress/wp-includes/pomo/' . $file . '.php';
		}
		$mo = new MO();
		self::assertTrue( $mo->import_from_file( dirname( __DIR__, 3 ) . '/wordpress/chat-for-coze/languages/chat-for-coze-zh_CN.mo' ) );
		return $mo;
	}

	public function test_wordpress_reads_the_zh_cn_mo() {
		$mo = self::mo();
		$this->assertSame( '测试连接', $mo->translate( 'Test connection' ) );
		$this->assertSame( '请求过多：请在 %d 秒后重试。', $mo->translate( 'Too many requests: try again in %d s.' ) );
	}

	/** A zh_CN administrator sees no English: every string the PHP code translates has a translation. */
	public function test_every_php_string_has_a_zh_cn_translation() {
		$mo      = self::mo();
		$dir     = dirname( __DIR__, 3 ) . '/wordpress/chat-for-coze';
		$strings = array();
		foreach ( array_merge( glob( $dir . '/*.php' ), glob( $dir . '/includes/*.php' ) ) as $file ) {
			preg_match_all( "/\\b(?:__|esc_html__|esc_attr__|_e|esc_html_e|esc_attr_e)\\(\\s*'((?:[^'\\\\]|\\\\.)*)'\\s*,\\s*'chat-for-coze'/", file_get_contents( $file ), $found );
			foreach ( $found[1] as $text ) {
				$strings[] = stripcslashes( $text );
			}
		}
		$this->assertGreaterThan( 90, count( $strings ) );
		$untranslated = array_values( array_unique( array_filter( $strings, static function ( $text ) use ( $mo ) {
			return ! isset( $mo->entries[ $text ] ) || '' === $mo->entries[ $text ]->translations[0];
		} ) ) );
		$this->assertSame( array(), $untranslated );
	}
}

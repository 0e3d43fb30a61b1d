<?php
/** The zh_CN translation, read by WordPress's own .mo reader (Debian's WordPress). @license GPL-2.0-or-later */

use PHPUnit\Framework\TestCase;

final class TranslationTest extends TestCase {
	public function test_wordpress_reads_the_zh_cn_mo() {
		foreach ( array( 'plural-forms', 'entry', 'translations', 'streams', 'mo' ) as $file ) {
			require_once '/usr/share/wordpress/wp-includes/pomo/' . $file . '.php';
		}
		$mo = new MO();
		$this->assertTrue( $mo->import_from_file( dirname( __DIR__, 3 ) . '/wordpress/chat-for-coze/languages/chat-for-coze-zh_CN.mo' ) );
		$this->assertSame( '测试连接', $mo->translate( 'Test connection' ) );
		$this->assertSame( '请求过多：请在 %d 秒后重试。', $mo->translate( 'Too many requests: try again in %d s.' ) );
	}
}

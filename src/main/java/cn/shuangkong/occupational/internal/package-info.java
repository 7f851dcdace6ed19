/**
 * The occupational-health module's services behind its pages and API; exposed, as the named interface
 * {@code management}, only for the demo city's loader.
 */
@org.springframework.modulith.NamedInterface("management")
package cn.shuangkong.occupational.internal;

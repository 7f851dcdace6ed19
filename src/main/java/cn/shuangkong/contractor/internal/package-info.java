/**
 * The contractor module's own services behind its pages and API. Other modules ask {@link cn.shuangkong.contractor.Contractors};
 * this package is exposed, as the named interface {@code management}, only for the demo city's loader.
 */
@org.springframework.modulith.NamedInterface("management")
package cn.shuangkong.contractor.internal;

/**
 * The access module's own services behind its pages and API. Other modules use the types in {@code cn.shuangkong.access}.
 */
package cn.shuangkong.access.internal;

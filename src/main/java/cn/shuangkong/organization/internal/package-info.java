/**
 * The organization module's own services behind its pages and API. Other modules use the types in {@code cn.shuangkong.organization}.
 */
package cn.shuangkong.organization.internal;

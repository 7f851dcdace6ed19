/**
 * The regional module's own services behind its pages and API. Other modules use the types in {@code cn.shuangkong.regional}.
 */
package cn.shuangkong.regional.internal;

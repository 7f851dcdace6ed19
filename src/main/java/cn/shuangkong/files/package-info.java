/** 文件: one store for uploads (photos, site plans, signed documents) — type sniffed from content, size capped, SHA-256 kept. */
package cn.shuangkong.files;

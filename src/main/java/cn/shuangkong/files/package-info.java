/** 文件: one store for uploads (photos, site plans, signed documents) — type sniffed from content, pictures decoded (ADR 0057), size capped, SHA-256 kept. */
package cn.shuangkong.files;

/** 组织机构: regions and grids, regulators (监管部门), enterprises with their org-unit trees and employees, service organisations. */
package cn.shuangkong.organization;

/**
 * 组织机构: regions and grids, regulators (监管部门), enterprises with their org-unit trees and employees, service
 * organisations. Its API is this package: enterprises, regions, departments, org structure and service organisations
 * as other modules read them ({@link cn.shuangkong.organization.Enterprises}, {@link
 * cn.shuangkong.organization.Regions}, {@link cn.shuangkong.organization.OrganizationFacts}); the workbooks and the
 * master-data pages' services are in {@code internal}.
 */
package cn.shuangkong.organization;

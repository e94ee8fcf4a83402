namespace EnvOrchestrator.Core.Catalog;

/// <summary>
/// Active versions are picked by ranges; draft versions can be tried by exact reference (environment templates: by
/// platform admins) but are never picked by a range; deprecated versions keep serving the environments made from them
/// (update of their inputs, retry, destroy) but take no new environment and no update onto them.
/// </summary>
public enum TemplateStatus
{
    Active,
    Draft,
    Deprecated,
}

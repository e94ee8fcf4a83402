namespace EnvOrchestrator.Core.Catalog;

/// <summary>Draft versions can be tried by exact reference but are never picked by a range; active versions are.</summary>
public enum TemplateStatus
{
    Active,
    Draft,
}

namespace EnvOrchestrator.Templates.Schemas;

/// <summary>The kinds of catalog documents, each with its own JSON Schema.</summary>
internal enum DocumentKind
{
    ResourceTemplate,
    EnvironmentTemplate,
    Policy,
    VariableSet,
}

namespace EnvOrchestrator.Core.Catalog;

/// <summary>An environment template's own resource group: one per environment, in <paramref name="Location"/>.</summary>
public sealed record ResourceGroupSettings(string Location);

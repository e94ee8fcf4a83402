namespace EnvOrchestrator.Core.Catalog;

/// <summary>A static monthly cost estimate used by cost policies before a real price is known.</summary>
public sealed record CostEstimate(decimal MonthlyUsd);

namespace EnvOrchestrator.Core.Policies;

/// <summary>Mandatory violations stop the operation; advisory ones are recorded and shown, and the operation goes on.</summary>
public enum PolicyEnforcement
{
    Mandatory,
    Advisory,
}

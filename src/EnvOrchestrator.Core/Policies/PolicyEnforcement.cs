namespace EnvOrchestrator.Core.Policies;

/// <summary>Mandatory violations stop the operation; advisory ones are recorded and shown, and the operation goes on; approval ones wait for an approver.</summary>
public enum PolicyEnforcement
{
    Mandatory,
    Advisory,

    /// <summary>A violation sends the request for approval (<c>AwaitingApproval</c>) instead of refusing it.</summary>
    Approval,
}

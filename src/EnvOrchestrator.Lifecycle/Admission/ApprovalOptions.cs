namespace EnvOrchestrator.Lifecycle.Admission;

/// <summary>How approvals work (<c>Lifecycle:Approvals</c>); see docs/security.md.</summary>
public sealed class ApprovalOptions
{
    /// <summary>How long a request may wait for a decision; a deploy also stops waiting when its environment expires.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromDays(3);

    /// <summary>
    /// How often a waiting deploy reads its approval again even without a wake-up event: the decision is stored before
    /// the event is raised, so an event lost to a crash delays the deploy by at most this long.
    /// </summary>
    public TimeSpan RecheckInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Whether the person who asked may decide their own request (separation of duties when false).</summary>
    public bool AllowSelfApproval { get; set; }

    /// <summary>
    /// When true, an extension refused by a lifetime cap (<c>Lifecycle:Ttl</c>, the project's or the template's) is sent
    /// for approval instead; an approver's yes extends beyond the cap.
    /// </summary>
    public bool ExtensionsAboveCaps { get; set; }
}

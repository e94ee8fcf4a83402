using System.Collections.Immutable;
using EnvOrchestrator.Core.Approvals;
using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.Policies;
using EnvOrchestrator.Lifecycle.Admission;
using EnvOrchestrator.Lifecycle.Catalog;
using EnvOrchestrator.Lifecycle.Contracts;
using EnvOrchestrator.Lifecycle.Ledger;
using EnvOrchestrator.Lifecycle.Notifications;
using EnvOrchestrator.Lifecycle.UseCases.Environments;
using EnvOrchestrator.Lifecycle.UseCases.Lifetimes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using static EnvOrchestrator.Lifecycle.UseCases.UseCaseResults;

namespace EnvOrchestrator.Lifecycle.UseCases.Extend;

/// <summary>
/// Pushes the expiry back within the lifetime caps (the strictest of the template's, organisation's and project's) and
/// the mandatory lifetime policies; wakes the timer. An extension an approval policy flags, or one above a cap when
/// approvals above caps are on, is not applied but held for an approver (the API answers 202).
/// </summary>
internal sealed class ExtendEnvironmentHandler(
    ITemplateCatalogSource catalogSource,
    RunLedger ledger,
    LifetimeTimers lifetimes,
    LatestRunPolicyResults policyResults,
    EnvironmentEvents events,
    IOptions<EnvironmentLifecycleOptions> options,
    TimeProvider time,
    ILogger<ExtendEnvironmentHandler> logger)
{
    private TemplateCatalog Catalog => catalogSource.Catalog;

    public async Task<LifecycleResult<EnvironmentView>> HandleAsync(ExtendEnvironmentCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var (id, problem) = ParseId(command.Project, command.Name);
        if (id is null)
        {
            return LifecycleResult.Failure<EnvironmentView>(problem!);
        }

        var now = time.GetUtcNow();
        var sent = false;
        var extended = await ledger.ExtendAsync(id, e =>
        {
            var template = Catalog.FindEnvironmentTemplate(e.Template.Name, e.TemplateVersion);
            if (template is null)
            {
                return DomainResult.Failure<EnvironmentRecord>(DomainErrorCodes.NotExtendable, "The environment's template is no longer in the catalog.");
            }

            var (moved, reasons) = Admit(e, template, command.By, now);
            sent = moved.Succeeded && reasons.Length > 0;
            return sent ? RequestApproval(e, command, reasons, now) : moved;
        }, cancellationToken).ConfigureAwait(false);
        if (!extended.Succeeded)
        {
            return LifecycleResult.Failure<EnvironmentView>(extended.Problem.Code == ApprovalErrorCodes.Pending
                ? new LifecycleProblem(ProblemCodes.Conflict, extended.Problem.Message, "by", extended.Problem.Code)
                : LifecycleProblem.FromDomain(extended.Problem, "by"));
        }

        if (sent)
        {
            logger.ApprovalRequested(id.Project.Value, id.Name.Value, ApprovalSubject.Extension, command.RequestedBy);
            return LifecycleResult.Success(ViewMapper.ToView(extended.Value!) with { SentForApproval = true });
        }

        await lifetimes.EnsureAsync(extended.Value!, raiseExtended: true, cancellationToken).ConfigureAwait(false);
        await events.ExtendedAsync(extended.Value!, command.RequestedBy, cancellationToken).ConfigureAwait(false);
        var results = await policyResults.ReadAsync(id, Advise(extended.Value!), cancellationToken).ConfigureAwait(false);
        return LifecycleResult.Success(ViewMapper.ToView(extended.Value!) with { PolicyResults = results });
    }

    /// <summary>
    /// The extended environment, or the refusal; with the reasons to ask an approver instead of applying it: an
    /// approval policy's <c>maxTtl</c>, or (when <see cref="ApprovalOptions.ExtensionsAboveCaps"/>) a lifetime cap.
    /// </summary>
    private (DomainResult<EnvironmentRecord> Moved, ImmutableArray<PolicyResult> Reasons) Admit(EnvironmentRecord environment, EnvironmentTemplate template, TimeSpan by, DateTimeOffset now)
    {
        var project = environment.Id.Project.Value;
        var moved = LifetimeCaps.For(template, project, options.Value).Extend(environment, by, now);
        ImmutableArray<PolicyResult> capReasons = [];
        if (!moved.Succeeded)
        {
            if (!options.Value.Approvals.ExtensionsAboveCaps || !IsCap(moved.Problem.Code))
            {
                return (moved, []);
            }

            // Above a cap but otherwise extendable (live, expiring): measured against the policies as if no cap applied.
            capReasons = [new PolicyResult("lifetime caps", moved.Problem.Code, PolicyEnforcement.Approval, null, moved.Problem.Message)];
            moved = LifetimeLimits.None.Extend(environment, by, now);
            if (!moved.Succeeded)
            {
                return (moved, []);
            }
        }

        var lifetime = moved.Value!.ExpiresAt - moved.Value.CreatedAt;
        if (PolicyAdmission.RefuseExtension(Catalog, template, project, lifetime) is { } refusal)
        {
            return (DomainResult.Failure<EnvironmentRecord>("policy.maxTtl", refusal), []);
        }

        return (moved, capReasons.AddRange(PolicyAdmission.ExtensionApprovals(Catalog, template, project, lifetime)));
    }

    private static bool IsCap(string code) =>
        code is DomainErrorCodes.ExtensionTooLong or DomainErrorCodes.ExtensionCountExceeded or DomainErrorCodes.ExtensionBeyondMaxTtl;

    /// <summary>The environment keeps its expiry and holds the request; one request at a time.</summary>
    private DomainResult<EnvironmentRecord> RequestApproval(EnvironmentRecord environment, ExtendEnvironmentCommand command, ImmutableArray<PolicyResult> reasons, DateTimeOffset now)
    {
        if (environment.Approval is { } current && current.IsPendingAt(now))
        {
            return DomainResult.Failure<EnvironmentRecord>(ApprovalErrorCodes.Pending, $"A {current.Subject.ToString().ToLowerInvariant()} requested by {current.RequestedBy} already waits for approval; it must be decided or expire first.");
        }

        var expiresAt = now + options.Value.Approvals.Timeout;
        return DomainResult.Success(environment with
        {
            Approval = new ApprovalRequest
            {
                Subject = ApprovalSubject.Extension,
                ExtendBy = command.By,
                RequestedBy = command.RequestedBy,
                RequestedAt = now,

                // Deciding after the environment expired would be pointless: it is being destroyed.
                ExpiresAt = environment.ExpiresAt < expiresAt ? environment.ExpiresAt.Value : expiresAt,
                Reasons = reasons,
            },
            UpdatedAt = now,
        });
    }

    /// <summary>Advisory violations of the environment's lifetime after an extension.</summary>
    private ImmutableArray<PolicyResult> Advise(EnvironmentRecord environment)
    {
        var template = Catalog.FindEnvironmentTemplate(environment.Template.Name, environment.TemplateVersion);
        return template is null
            ? []
            : PolicyAdmission.AdviseExtension(Catalog, template, environment.Id.Project.Value, environment.ExpiresAt - environment.CreatedAt);
    }
}

using System.Security.Cryptography;
using System.Text;
using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.Policies;
using EnvOrchestrator.Core.Quotas;
using EnvOrchestrator.Lifecycle.Admission;
using EnvOrchestrator.Lifecycle.Catalog;
using EnvOrchestrator.Lifecycle.Contracts;
using EnvOrchestrator.Lifecycle.Notifications;
using EnvOrchestrator.Lifecycle.Retention;
using EnvOrchestrator.Lifecycle.Runs;
using EnvOrchestrator.Lifecycle.UseCases.Lifetimes;
using Microsoft.Extensions.Options;
using static EnvOrchestrator.Lifecycle.UseCases.UseCaseResults;

namespace EnvOrchestrator.Lifecycle.UseCases.Create;

/// <summary>
/// Creates an environment: template, TTL (the strictest of the template's, organisation's and project's caps), inputs
/// and policies admitted before anything is stored; a quota slot taken; the name claimed (taken over from a destroyed
/// environment of that name); the deploy run started; the lifetime timer set.
/// </summary>
internal sealed class CreateEnvironmentHandler(
    ITemplateCatalogSource catalogSource,
    IEnvironmentStore environments,
    IdempotentCommands idempotent,
    EnvironmentPurger purger,
    RunStarter starter,
    LifetimeTimers lifetimes,
    EnvironmentQuotas quotas,
    EnvironmentEvents events,
    IOptions<EnvironmentLifecycleOptions> options,
    TimeProvider time)
{
    private TemplateCatalog Catalog => catalogSource.Catalog;

    public async Task<LifecycleResult<OperationAccepted>> HandleAsync(CreateEnvironmentCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var (id, problem) = ParseId(command.Project, command.Name);
        if (id is null)
        {
            return LifecycleResult.Failure<OperationAccepted>(problem!);
        }

        if (command.IdempotencyKey is { } rawKey && !IdempotencyKey.IsValid(rawKey))
        {
            return Problem<OperationAccepted>(ProblemCodes.InvalidRequest, $"An idempotency key is 1–{IdempotencyKey.MaxLength} characters without control characters.", "Idempotency-Key", "idempotency.invalid-key");
        }

        if (command.OverrideReason is { } reason && PolicyOverride.Validate(reason) is { } badReason)
        {
            return Problem<OperationAccepted>(ProblemCodes.InvalidRequest, badReason, "policyOverride.reason", "policy-override.invalid-reason");
        }

        var key = command.IdempotencyKey is null ? null : new IdempotencyKey($"{id.Project.Value}:create-environment", command.IdempotencyKey);
        return await idempotent.RunAsync(key, Fingerprint(command), 202, () => CreateAsync(id, command, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    private async Task<LifecycleResult<OperationAccepted>> CreateAsync(EnvironmentId id, CreateEnvironmentCommand command, CancellationToken cancellationToken)
    {
        if (!TemplateReference.TryParse(command.Template, out var reference))
        {
            return Problem<OperationAccepted>(ProblemCodes.InvalidRequest, $"'{command.Template}' is not a template reference (name or name@version).", "template", "template.invalid-reference");
        }

        var template = EnvironmentTemplates.Resolve(Catalog, reference);
        if (template is null)
        {
            return Problem<OperationAccepted>(ProblemCodes.NotFound, $"No environment template matches '{command.Template}'.", "template", "template.unknown");
        }

        if (EnvironmentTemplates.RefuseVersion(Catalog, template, command.AllowDraft, "template") is { } retired)
        {
            return LifecycleResult.Failure<OperationAccepted>(retired);
        }

        if (!template.IsSharedWith(id.Project.Value))
        {
            return Problem<OperationAccepted>(ProblemCodes.Forbidden, $"Template {template.Name} is not shared with project '{id.Project.Value}'.", "template", "template.not-shared");
        }

        var now = time.GetUtcNow();
        var expiry = LifetimeCaps.For(template, id.Project.Value, options.Value).InitialExpiry(command.Ttl, now, options.Value.MinimumTtl);
        if (!expiry.Succeeded)
        {
            return LifecycleResult.Failure<OperationAccepted>(LifecycleProblem.FromDomain(expiry.Problem, "ttl"));
        }

        var (inputs, inputProblem) = InputResolver.Resolve(template, Catalog, id.Project.Value, command.Inputs, current: null);
        if (inputs is null)
        {
            return LifecycleResult.Failure<OperationAccepted>(inputProblem!);
        }

        // Rules on the whole project (a budget, a count) are decided last, fenced against racing creates (ADR 0014).
        var fenced = PolicyAdmission.NeedsProjectFacts(Catalog, id.Project.Value, template.Name);
        var ttl = expiry.Value is { } expiresAt ? expiresAt - now : (TimeSpan?)null;
        var verdict = PolicyAdmission.Admit(Catalog, template, id.Project.Value, inputs, ttl, facts: null, command.OverrideReason is not null);
        if (verdict.Refusal is { } refused)
        {
            return LifecycleResult.Failure<OperationAccepted>(refused);
        }

        var record = EnvironmentRecord.Create(
            id,
            new TemplateReference(template.Name, reference.Range),
            template.Version,
            inputs,
            template.Resources.Select(r => new ResourceRecord { Name = r.Name, Template = r.Template }),
            command.RequestedBy,
            now,
            expiry.Value);
        if (NameAdmission.Check(record, template, Catalog) is { } badName)
        {
            return LifecycleResult.Failure<OperationAccepted>(badName);
        }

        // Last before the first write: every other refusal is decided, so a slot is only taken for a create that stores
        // its environment, or finds the name held by a live one (whose slot it is anyway).
        if (fenced)
        {
            var spend = new ClaimedSpend(ProjectSpend.MonthlyEstimate(Catalog, template), now, expiry.Value);
            var (admitted, quotaProblem) = await quotas.ClaimFencedAsync(
                id,
                command.RequestedBy,
                spend,
                async (pending, token) =>
                {
                    var (facts, stored) = await ProjectFactsAsync(id, now, pending, token).ConfigureAwait(false);
                    verdict = PolicyAdmission.Admit(Catalog, template, id.Project.Value, inputs, ttl, facts, command.OverrideReason is not null);
                    return new FencedDecision(verdict.Refusal is null, stored);
                },
                cancellationToken).ConfigureAwait(false);
            if (quotaProblem is not null || !admitted)
            {
                return LifecycleResult.Failure<OperationAccepted>(quotaProblem ?? verdict.Refusal!);
            }
        }
        else if (await quotas.ClaimAsync(id, command.RequestedBy, cancellationToken).ConfigureAwait(false) is { } overQuota)
        {
            return LifecycleResult.Failure<OperationAccepted>(overQuota);
        }

        if (await purger.ClaimNameAsync(record, cancellationToken).ConfigureAwait(false) is not { } claimed)
        {
            return Problem<OperationAccepted>(ProblemCodes.Conflict, $"Project '{id.Project.Value}' already has an environment named '{id.Name.Value}' that is not destroyed.", "name", "environment.exists");
        }

        var (started, startProblem) = await starter.StartAsync(
            id, RunKind.Deploy, EnvironmentStatus.Deploying, EnvironmentStatus.Queued, command.RequestedBy, prepare: null, ifMatch: null,
            new RunAdmission(verdict.Results, verdict.ApprovalReasons, command.OverrideReason is { } why ? new PolicyOverride(command.RequestedBy, why.Trim(), now) : null),
            cancellationToken).ConfigureAwait(false);
        if (started is not null)
        {
            // A lifetime timer of the destroyed environment may still sleep on the old expiry: wake it to re-read.
            await lifetimes.EnsureAsync(started.Environment, raiseExtended: claimed.Replaced, cancellationToken).ConfigureAwait(false);
            await events.CreatedAsync(started.Environment, started.Run.Id, command.RequestedBy, cancellationToken).ConfigureAwait(false);
            if (started.Environment.Status == EnvironmentStatus.AwaitingApproval)
            {
                await events.AwaitingApprovalAsync(started.Environment, started.Run.Id, cancellationToken).ConfigureAwait(false);
            }
        }

        return Accepted(started, startProblem);
    }

    /// <summary>
    /// The project's live environments and this month's projected spend of all of them (a destroyed one counts for the
    /// part of the month it lived), plus the creates admitted but not stored yet (<paramref name="pending"/>). A
    /// destroyed environment of the same name is about to be replaced: its days this month were still spent, so it
    /// counts too.
    /// </summary>
    /// <returns>The facts, and the pending claims found stored (counted as stored environments).</returns>
    private async Task<(ProjectFacts Facts, IReadOnlySet<EnvironmentName> Stored)> ProjectFactsAsync(
        EnvironmentId id, DateTimeOffset now, IReadOnlyList<QuotaClaim> pending, CancellationToken cancellationToken)
    {
        var monthStart = ProjectSpend.MonthOf(now).Start;
        var live = 0;
        var counted = new List<EnvironmentRecord>();
        var created = new Dictionary<EnvironmentName, DateTimeOffset>();
        string? token = null;
        do
        {
            var page = await environments.ListAsync(id.Project, EnvironmentFilter.None, Paging.MaxPageSize, token, cancellationToken).ConfigureAwait(false);
            live += page.Items.Count(e => e.Status != EnvironmentStatus.Destroyed);
            counted.AddRange(page.Items.Where(e => e.Status != EnvironmentStatus.Destroyed || e.UpdatedAt > monthStart));
            foreach (var environment in page.Items)
            {
                created[environment.Id.Name] = environment.CreatedAt;
            }

            token = page.ContinuationToken;
        }
        while (token is not null);

        // A claim's environment is stored once its name holds a record created when the claim was admitted, or later.
        var stored = pending.Where(c => created.TryGetValue(c.Name, out var at) && at >= c.Spend!.From).Select(c => c.Name).ToHashSet();
        var inFlight = pending.Where(c => !stored.Contains(c.Name)).ToList();
        var spend = ProjectSpend.InMonth(counted, Catalog, now) + inFlight.Sum(c => ProjectSpend.Share(c.Spend!.MonthlyUsd, c.Spend.From, c.Spend.Until, now));
        return (new ProjectFacts(live + inFlight.Count, spend, now), stored);
    }

    private static string Fingerprint(CreateEnvironmentCommand command)
    {
        var canonical = new StringBuilder()
            .Append(command.Project).Append('\n').Append(command.Name).Append('\n').Append(command.Template).Append('\n')
            .Append(command.Ttl?.Ticks).Append('\n').Append(command.OverrideReason).Append('\n');
        foreach (var (key, value) in command.Inputs.OrderBy(i => i.Key, StringComparer.Ordinal))
        {
            canonical.Append(key).Append('=').Append(value.GetRawText()).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())));
    }
}

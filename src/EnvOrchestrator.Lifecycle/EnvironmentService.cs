using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text.Json.Serialization;
using System.Text.Json;
using System.Text;
using DurableTask.Core.Exceptions;
using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.Policies;
using EnvOrchestrator.Lifecycle.Admission;
using EnvOrchestrator.Lifecycle.Cancellation;
using EnvOrchestrator.Lifecycle.Catalog;
using EnvOrchestrator.Lifecycle.Contracts;
using EnvOrchestrator.Lifecycle.Orchestrations;
using EnvOrchestrator.Lifecycle.Ledger;
using EnvOrchestrator.Lifecycle.Retention;
using EnvOrchestrator.Lifecycle.Runs;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EnvOrchestrator.Lifecycle;

/// <summary>The lifecycle's application service; see <see cref="IEnvironmentService"/>.</summary>
internal sealed class EnvironmentService(
    ITemplateCatalogSource catalogSource,
    IEnvironmentStore environments,
    IRunStore runs,
    RunLedger ledger,
    IStepLogStore logs,
    IIdempotencyStore idempotency,
    RunStarter starter,
    RunCancellationRegistry cancellations,
    EnvironmentPlanner planner,
    EnvironmentPurger purger,
    DurableTaskClient client,
    IOptions<EnvironmentLifecycleOptions> options,
    TimeProvider time,
    ILogger<EnvironmentService> logger) : IEnvironmentService
{
    private static readonly JsonSerializerOptions ReplayJson = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private TemplateCatalog Catalog => catalogSource.Catalog;

    public IReadOnlyList<TemplateSummary> ListTemplates(string? project) =>
        [.. Catalog.EnvironmentTemplates
            .Where(t => t.Status == TemplateStatus.Active && (project is null || t.IsSharedWith(project)))
            .GroupBy(t => t.Name, StringComparer.Ordinal)
            .Select(g => g.MaxBy(t => t.Version)!)
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .Select(ViewMapper.ToSummary)];

    public LifecycleResult<TemplateDetails> GetTemplate(string name, string? version)
    {
        var reference = version is null ? $"{name}" : $"{name}@{version}";
        if (!TemplateReference.TryParse(reference, out var parsed))
        {
            return Problem<TemplateDetails>(ProblemCodes.InvalidRequest, $"'{reference}' is not a template reference.", "version", "template.invalid-reference");
        }

        var template = EnvironmentTemplates.Resolve(Catalog, parsed);
        return template is null
            ? Problem<TemplateDetails>(ProblemCodes.NotFound, $"No environment template '{reference}'.", "template", "template.unknown")
            : LifecycleResult.Success(ViewMapper.ToDetails(template));
    }

    public async Task<LifecycleResult<EnvironmentView>> GetAsync(EnvironmentQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (id, problem) = ParseId(query.Project, query.Name);
        if (id is null)
        {
            return LifecycleResult.Failure<EnvironmentView>(problem!);
        }

        var environment = await environments.FindAsync(id, cancellationToken).ConfigureAwait(false);
        if (environment is null)
        {
            return NotFound<EnvironmentView>(id);
        }

        var results = await LatestRunPolicyResultsAsync(id, [], cancellationToken).ConfigureAwait(false);
        return LifecycleResult.Success(ViewMapper.ToView(environment) with { PolicyResults = results });
    }

    public async Task<LifecycleResult<EnvironmentPage>> ListAsync(ListEnvironmentsQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (!ProjectName.TryParse(query.Project, out var project))
        {
            return Problem<EnvironmentPage>(ProblemCodes.InvalidRequest, ProjectName.Validate(query.Project)!, "project", "name.invalid");
        }

        if (query.PageSize is < 1 or > ListEnvironmentsQuery.MaxPageSize)
        {
            return Problem<EnvironmentPage>(ProblemCodes.InvalidRequest, $"The page size must be 1–{ListEnvironmentsQuery.MaxPageSize}.", "pageSize", "paging.page-size");
        }

        var filter = new EnvironmentFilter { Statuses = [.. query.Statuses], TemplateName = query.Template };
        var page = await environments.ListAsync(project, filter, query.PageSize, query.ContinuationToken, cancellationToken).ConfigureAwait(false);
        return LifecycleResult.Success(new EnvironmentPage([.. page.Items.Select(ViewMapper.ToView)], page.ContinuationToken));
    }

    public async Task<LifecycleResult<OperationAccepted>> CreateAsync(CreateEnvironmentCommand command, CancellationToken cancellationToken)
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

        var key = command.IdempotencyKey is null ? null : new IdempotencyKey($"{id.Project.Value}:create-environment", command.IdempotencyKey);
        var fingerprint = Fingerprint(command);
        if (key is not null)
        {
            var reservation = await idempotency.ReserveAsync(key, fingerprint, cancellationToken).ConfigureAwait(false);
            switch (reservation.Outcome)
            {
                case IdempotencyOutcome.Completed:
                    return LifecycleResult.Success(JsonSerializer.Deserialize<OperationAccepted>(reservation.Response!.Body, ReplayJson)!);
                case IdempotencyOutcome.InProgress:
                    return Problem<OperationAccepted>(ProblemCodes.RequestInProgress, "A request with this idempotency key is being handled; retry shortly.", "Idempotency-Key", "idempotency.in-progress");
                case IdempotencyOutcome.Mismatch:
                    return Problem<OperationAccepted>(ProblemCodes.IdempotencyKeyReused, "This idempotency key was used for a different request.", "Idempotency-Key", "idempotency.key-reused");
            }
        }

        var result = await CreateCoreAsync(id, command, cancellationToken).ConfigureAwait(false);
        if (key is not null)
        {
            if (result.Succeeded)
            {
                var body = JsonSerializer.Serialize(result.Value, ReplayJson);
                await idempotency.CompleteAsync(key, fingerprint, new IdempotentResponse(202, null, body), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                // Nothing was done: the same key may be used again once the request is corrected.
                await idempotency.ReleaseAsync(key, fingerprint, cancellationToken).ConfigureAwait(false);
            }
        }

        return result;
    }

    public async Task<LifecycleResult<OperationAccepted>> UpdateAsync(UpdateEnvironmentCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var proposal = await ProposeAsync(command.Project, command.Name, command.Inputs, command.TemplateVersion, cancellationToken).ConfigureAwait(false);
        if (proposal.Problem is { } refused)
        {
            return LifecycleResult.Failure<OperationAccepted>(refused);
        }

        var (template, inputs) = (proposal.Template!, proposal.Inputs!);
        var now = time.GetUtcNow();
        var (started, startProblem) = await starter.StartAsync(
            proposal.Environment!.Id,
            RunKind.Update,
            EnvironmentStatus.Updating,
            EnvironmentStatus.Updating,
            command.RequestedBy,
            e => DomainResult.Success(WithTemplate(e, template, inputs, now)),
            command.IfMatch,
            proposal.Advisory,
            cancellationToken).ConfigureAwait(false);
        return Accepted(started, startProblem);
    }

    public async Task<LifecycleResult<OperationAccepted>> DestroyAsync(EnvironmentCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var (id, problem) = ParseId(command.Project, command.Name);
        if (id is null)
        {
            return LifecycleResult.Failure<OperationAccepted>(problem!);
        }

        var (started, startProblem) = await starter.StartAsync(
            id, RunKind.Destroy, EnvironmentStatus.Destroying, EnvironmentStatus.Destroying, command.RequestedBy, prepare: null, ifMatch: null, policyResults: [], cancellationToken).ConfigureAwait(false);
        return Accepted(started, startProblem);
    }

    public async Task<LifecycleResult<EnvironmentPurged>> PurgeAsync(EnvironmentCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var (id, problem) = ParseId(command.Project, command.Name);
        if (id is null)
        {
            return LifecycleResult.Failure<EnvironmentPurged>(problem!);
        }

        return await purger.PurgeAsync(id, eligible: null, cancellationToken).ConfigureAwait(false) switch
        {
            PurgeOutcome.Purged => LifecycleResult.Success(new EnvironmentPurged(id.Project.Value, id.Name.Value)),
            PurgeOutcome.NotFound => NotFound<EnvironmentPurged>(id),
            _ => Problem<EnvironmentPurged>(ProblemCodes.Conflict, $"Only a destroyed environment can be purged; destroy {id} first.", "status", "environment.not-destroyed"),
        };
    }

    public async Task<LifecycleResult<PlanView>> PlanAsync(PlanEnvironmentQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var proposal = await ProposeAsync(query.Project, query.Name, query.Inputs, query.TemplateVersion, cancellationToken).ConfigureAwait(false);
        if (proposal.Problem is { } refused)
        {
            return LifecycleResult.Failure<PlanView>(refused);
        }

        var proposed = WithTemplate(proposal.Environment!, proposal.Template!, proposal.Inputs!, time.GetUtcNow());
        return LifecycleResult.Success(await planner.PlanAsync(proposed, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// What update and plan share: the stored environment and the template and inputs it would move to, or the
    /// problem that refuses the change (bad name, not found, invalid inputs, unknown version).
    /// </summary>
    private async Task<Proposal> ProposeAsync(
        string project, string name, IReadOnlyDictionary<string, JsonElement>? inputs, string? templateVersion, CancellationToken cancellationToken)
    {
        var (id, problem) = ParseId(project, name);
        if (id is null)
        {
            return new Proposal(null, null, null, [], problem);
        }

        var environment = await environments.FindAsync(id, cancellationToken).ConfigureAwait(false);
        if (environment is null)
        {
            return new Proposal(null, null, null, [], NotFoundProblem(id));
        }

        if (environment.Status == EnvironmentStatus.Failed && environment.Resources.Any(r => r.Status == ResourceStatus.Destroyed))
        {
            // A destroy stopped part-way: what it destroyed cannot be updated, only destroyed the rest of the way.
            var left = string.Join(", ", environment.Resources.Where(r => r.Status != ResourceStatus.Destroyed).Select(r => r.Name));
            var unfinished = new LifecycleProblem(
                ProblemCodes.Conflict,
                $"The destroy of {id} stopped part-way ({left} not destroyed): retry it (POST …/retry) or destroy again; it cannot be updated.",
                "status",
                "update.destroy-unfinished");
            return new Proposal(environment, null, null, [], unfinished);
        }

        var (template, resolved, advisory, refused) = ResolveUpdate(environment, inputs, templateVersion);
        return new Proposal(environment, template, resolved, advisory, refused);
    }

    public async Task<LifecycleResult<EnvironmentView>> ExtendAsync(ExtendEnvironmentCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var (id, problem) = ParseId(command.Project, command.Name);
        if (id is null)
        {
            return LifecycleResult.Failure<EnvironmentView>(problem!);
        }

        var now = time.GetUtcNow();
        var extended = await ledger.ExtendAsync(id, e =>
        {
            var template = Catalog.FindEnvironmentTemplate(e.Template.Name, e.TemplateVersion);
            if (template is null)
            {
                return DomainResult.Failure<EnvironmentRecord>(DomainErrorCodes.NotExtendable, "The environment's template is no longer in the catalog.");
            }

            var moved = e.Extend(command.By, now, template.Lifetime);
            var refusal = moved.Succeeded ? PolicyAdmission.RefuseExtension(Catalog, template, e.Id.Project.Value, moved.Value!.ExpiresAt - moved.Value.CreatedAt) : null;
            return refusal is null ? moved : DomainResult.Failure<EnvironmentRecord>("policy.maxTtl", refusal);
        }, cancellationToken).ConfigureAwait(false);
        if (!extended.Succeeded)
        {
            return LifecycleResult.Failure<EnvironmentView>(extended.Problem.Code switch
            {
                "not-found" => NotFoundProblem(id),
                DomainErrorCodes.ExtensionNotPositive => new LifecycleProblem(ProblemCodes.InvalidRequest, extended.Problem.Message, "by", extended.Problem.Code),
                _ => new LifecycleProblem(ProblemCodes.RuleViolated, extended.Problem.Message, "by", extended.Problem.Code),
            });
        }

        await EnsureLifetimeAsync(extended.Value!, raiseExtended: true, cancellationToken).ConfigureAwait(false);
        var results = await LatestRunPolicyResultsAsync(id, AdviseExtension(extended.Value!), cancellationToken).ConfigureAwait(false);
        return LifecycleResult.Success(ViewMapper.ToView(extended.Value!) with { PolicyResults = results });
    }

    /// <summary>Advisory violations of the environment's lifetime after an extension.</summary>
    private ImmutableArray<PolicyResult> AdviseExtension(EnvironmentRecord environment)
    {
        var template = Catalog.FindEnvironmentTemplate(environment.Template.Name, environment.TemplateVersion);
        return template is null
            ? []
            : PolicyAdmission.AdviseExtension(Catalog, template, environment.Id.Project.Value, environment.ExpiresAt - environment.CreatedAt);
    }

    /// <summary>
    /// The policy results of the environment's latest run, after adding <paramref name="add"/> to them: an extension
    /// starts no run, so its advice goes onto the run whose results describe the environment as it is.
    /// </summary>
    private async Task<IReadOnlyList<PolicyResultView>> LatestRunPolicyResultsAsync(EnvironmentId id, ImmutableArray<PolicyResult> add, CancellationToken cancellationToken)
    {
        var latest = (await runs.ListAsync(id, 1, null, cancellationToken).ConfigureAwait(false)).Items.FirstOrDefault();
        if (latest is not null && !add.IsEmpty)
        {
            try
            {
                latest = await ledger.RecordPolicyResultsAsync(id, latest.Id, add, cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidOperationException)
            {
                // The extension is stored already: advice that cannot be recorded must not turn its answer into a 500.
                logger.AdviceNotRecorded(id.Project.Value, id.Name.Value, add.Length);
            }
        }

        return latest is null ? [] : ViewMapper.ToViews(latest.PolicyResults);
    }

    public async Task<LifecycleResult<OperationAccepted>> RetryAsync(EnvironmentCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var (id, problem) = ParseId(command.Project, command.Name);
        if (id is null)
        {
            return LifecycleResult.Failure<OperationAccepted>(problem!);
        }

        var environment = await environments.FindAsync(id, cancellationToken).ConfigureAwait(false);
        if (environment is null)
        {
            return NotFound<OperationAccepted>(id);
        }

        if (environment.Status is not (EnvironmentStatus.Failed or EnvironmentStatus.Cancelled))
        {
            return Problem<OperationAccepted>(ProblemCodes.Conflict, $"Only a failed or cancelled environment can be retried; {id} is {environment.Status}.", "status", "retry.not-failed");
        }

        var last = (await runs.ListAsync(id, 1, null, cancellationToken).ConfigureAwait(false)).Items.FirstOrDefault();
        var working = last?.Kind switch
        {
            RunKind.Destroy => EnvironmentStatus.Destroying,
            RunKind.Update => EnvironmentStatus.Updating,
            RunKind.Retry when environment.Resources.Any(r => r.Status is ResourceStatus.Destroyed) => EnvironmentStatus.Destroying,
            _ => EnvironmentStatus.Deploying,
        };
        var (started, startProblem) = await starter.StartAsync(id, RunKind.Retry, working, working, command.RequestedBy, prepare: null, ifMatch: null, policyResults: [], cancellationToken).ConfigureAwait(false);
        return Accepted(started, startProblem);
    }

    public async Task<LifecycleResult<RunView>> CancelAsync(EnvironmentCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var (id, problem) = ParseId(command.Project, command.Name);
        if (id is null)
        {
            return LifecycleResult.Failure<RunView>(problem!);
        }

        var environment = await environments.FindAsync(id, cancellationToken).ConfigureAwait(false);
        if (environment is null)
        {
            return NotFound<RunView>(id);
        }

        var run = environment.CurrentRunId is { } runId ? await runs.FindAsync(id, runId, cancellationToken).ConfigureAwait(false) : null;
        if (run is null)
        {
            return Problem<RunView>(ProblemCodes.Conflict, $"No run is working on {id}.", "status", "cancel.no-run");
        }

        if (run.Kind == RunKind.Destroy || environment.Status == EnvironmentStatus.Destroying)
        {
            return Problem<RunView>(ProblemCodes.Conflict, "A destroy cannot be cancelled: it would leave resources half removed.", "status", "cancel.destroy");
        }

        await client.RaiseEventAsync(LifecycleInstanceIds.ForRun(id, run.Kind, run.Id), LifecycleEvents.Cancel, command.RequestedBy, cancellationToken).ConfigureAwait(false);
        cancellations.Cancel(run.Id.Value);
        logger.CancelRequested(run.Id.Value, id.Project.Value, id.Name.Value);
        return LifecycleResult.Success(ViewMapper.ToView(run));
    }

    public async Task<LifecycleResult<RunPage>> ListRunsAsync(ListRunsQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (id, problem) = ParseId(query.Project, query.Name);
        if (id is null)
        {
            return LifecycleResult.Failure<RunPage>(problem!);
        }

        if (query.PageSize is < 1 or > ListEnvironmentsQuery.MaxPageSize)
        {
            return Problem<RunPage>(ProblemCodes.InvalidRequest, $"The page size must be 1–{ListEnvironmentsQuery.MaxPageSize}.", "pageSize", "paging.page-size");
        }

        if (await environments.FindAsync(id, cancellationToken).ConfigureAwait(false) is null)
        {
            return NotFound<RunPage>(id);
        }

        var page = await runs.ListAsync(id, query.PageSize, query.ContinuationToken, cancellationToken).ConfigureAwait(false);
        return LifecycleResult.Success(new RunPage([.. page.Items.Select(ViewMapper.ToView)], page.ContinuationToken));
    }

    public async Task<LifecycleResult<RunView>> GetRunAsync(RunQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (run, problem) = await FindRunAsync(query.Project, query.Name, query.RunId, cancellationToken).ConfigureAwait(false);
        return run is null ? LifecycleResult.Failure<RunView>(problem!) : LifecycleResult.Success(ViewMapper.ToView(run));
    }

    public async Task<LifecycleResult<RunLogs>> ReadRunLogsAsync(RunLogsQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (run, problem) = await FindRunAsync(query.Project, query.Name, query.RunId, cancellationToken).ConfigureAwait(false);
        if (run is null)
        {
            return LifecycleResult.Failure<RunLogs>(problem!);
        }

        var steps = new List<StepLogLines>();
        for (var i = 0; i < run.Steps.Length; i++)
        {
            var name = run.Steps[i].LogName;
            var offset = query.Offsets.TryGetValue(name, out var o) ? Math.Max(0, o) : 0;
            var chunk = await logs.ReadAsync(run.LogOf(i), offset, cancellationToken).ConfigureAwait(false);
            steps.Add(new StepLogLines(name, chunk.Lines, chunk.NextOffset));
        }

        return LifecycleResult.Success(new RunLogs(steps, run.IsFinished));
    }

    private async Task<LifecycleResult<OperationAccepted>> CreateCoreAsync(EnvironmentId id, CreateEnvironmentCommand command, CancellationToken cancellationToken)
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

        if (!template.IsSharedWith(id.Project.Value))
        {
            return Problem<OperationAccepted>(ProblemCodes.Forbidden, $"Template {template.Name} is not shared with project '{id.Project.Value}'.", "template", "template.not-shared");
        }

        var now = time.GetUtcNow();
        var expiry = EnvironmentLifetime.InitialExpiry(command.Ttl, now, template.Lifetime, options.Value.MinimumTtl);
        if (!expiry.Succeeded)
        {
            var code = expiry.Problem.Code == DomainErrorCodes.TtlNotPositive ? ProblemCodes.InvalidRequest : ProblemCodes.RuleViolated;
            return Problem<OperationAccepted>(code, expiry.Problem.Message, "ttl", expiry.Problem.Code);
        }

        var (inputs, inputProblem) = InputResolver.Resolve(template, Catalog, id.Project.Value, command.Inputs, current: null);
        if (inputs is null)
        {
            return LifecycleResult.Failure<OperationAccepted>(inputProblem!);
        }

        var count = PolicyAdmission.CountsEnvironments(Catalog, id.Project.Value, template.Name) ? await CountLiveAsync(id.Project, cancellationToken).ConfigureAwait(false) : (int?)null;
        var ttl = expiry.Value is { } expiresAt ? expiresAt - now : (TimeSpan?)null;
        var (refused, advisory) = PolicyAdmission.Admit(Catalog, template, id.Project.Value, inputs, ttl, count);
        if (refused is not null)
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
        if (await purger.ClaimNameAsync(record, cancellationToken).ConfigureAwait(false) is not { } claimed)
        {
            return Problem<OperationAccepted>(ProblemCodes.Conflict, $"Project '{id.Project.Value}' already has an environment named '{id.Name.Value}' that is not destroyed.", "name", "environment.exists");
        }

        var (started, startProblem) = await starter.StartAsync(
            id, RunKind.Deploy, EnvironmentStatus.Deploying, EnvironmentStatus.Validating, command.RequestedBy, prepare: null, ifMatch: null, advisory, cancellationToken).ConfigureAwait(false);
        if (started is not null)
        {
            // A lifetime timer of the destroyed environment may still sleep on the old expiry: wake it to re-read.
            await EnsureLifetimeAsync(started.Environment, raiseExtended: claimed.Replaced, cancellationToken).ConfigureAwait(false);
        }

        return Accepted(started, startProblem);
    }

    private (EnvironmentTemplate? Template, ImmutableSortedDictionary<string, Core.Values.Value>? Inputs, ImmutableArray<PolicyResult> Advisory, LifecycleProblem? Problem) ResolveUpdate(
        EnvironmentRecord environment, IReadOnlyDictionary<string, JsonElement>? given, string? version)
    {
        SemVersion? target = environment.TemplateVersion;
        if (version is not null && !SemVersion.TryParse(version, out target))
        {
            return (null, null, [], new LifecycleProblem(ProblemCodes.InvalidRequest, $"'{version}' is not a version (MAJOR.MINOR.PATCH).", "templateVersion", "version.invalid"));
        }

        var template = Catalog.FindEnvironmentTemplate(environment.Template.Name, target!.Value);
        if (template is null)
        {
            return (null, null, [], new LifecycleProblem(ProblemCodes.NotFound, $"Template {environment.Template.Name}@{target} does not exist.", "templateVersion", "template.unknown"));
        }

        var missing = environment.Resources.Select(r => r.Name).Where(r => template.FindResource(r) is null).ToList();
        if (missing.Count > 0)
        {
            return (null, null, [], new LifecycleProblem(ProblemCodes.RuleViolated, $"Template {template} no longer has resource(s) {string.Join(", ", missing)}; destroy and re-create the environment instead.", "templateVersion", "update.resource-removed"));
        }

        var (inputs, problem) = InputResolver.Resolve(template, Catalog, environment.Id.Project.Value, given, environment.Inputs);
        if (inputs is null)
        {
            return (null, null, [], problem);
        }

        var ttl = environment.ExpiresAt - environment.CreatedAt;
        var (refused, advisory) = PolicyAdmission.Admit(Catalog, template, environment.Id.Project.Value, inputs, ttl, existingEnvironments: null);
        return (template, inputs, advisory, refused);
    }

    private static EnvironmentRecord WithTemplate(EnvironmentRecord environment, EnvironmentTemplate template, ImmutableSortedDictionary<string, Core.Values.Value> inputs, DateTimeOffset now)
    {
        var resources = template.Resources
            .Select(r => environment.FindResource(r.Name) is { } existing ? existing with { Template = r.Template } : new ResourceRecord { Name = r.Name, Template = r.Template })
            .ToImmutableArray();
        return environment with { TemplateVersion = template.Version, Inputs = inputs, Resources = resources, UpdatedAt = now };
    }

    private async Task EnsureLifetimeAsync(EnvironmentRecord environment, bool raiseExtended, CancellationToken cancellationToken)
    {
        if (environment.ExpiresAt is null)
        {
            return;
        }

        var instanceId = LifecycleInstanceIds.ForLifetime(environment.Id);
        var instance = await client.GetInstanceAsync(instanceId, cancellation: cancellationToken).ConfigureAwait(false);
        if (instance is { IsCompleted: false })
        {
            if (raiseExtended)
            {
                await client.RaiseEventAsync(instanceId, LifecycleEvents.Extended, environment.ExpiresAt, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(
                nameof(LifetimeOrchestrator),
                new LifetimeInput(environment.Id.Project.Value, environment.Id.Name.Value, []),
                LifecycleInstanceIds.StartLifetime(instanceId),
                cancellationToken).ConfigureAwait(false);
        }
        catch (OrchestrationAlreadyExistsException)
        {
            // Another request started it between the read and the schedule: one lifetime timer is what we want.
        }
    }

    private async Task<int> CountLiveAsync(ProjectName project, CancellationToken cancellationToken)
    {
        var count = 0;
        string? token = null;
        do
        {
            var page = await environments.ListAsync(project, EnvironmentFilter.None, Paging.MaxPageSize, token, cancellationToken).ConfigureAwait(false);
            count += page.Items.Count(e => e.Status != EnvironmentStatus.Destroyed);
            token = page.ContinuationToken;
        }
        while (token is not null);
        return count;
    }

    private async Task<(RunRecord? Run, LifecycleProblem? Problem)> FindRunAsync(string project, string name, string runText, CancellationToken cancellationToken)
    {
        var (id, problem) = ParseId(project, name);
        if (id is null)
        {
            return (null, problem);
        }

        if (!RunId.TryParse(runText, out var runId))
        {
            return (null, new LifecycleProblem(ProblemCodes.InvalidRequest, $"'{runText}' is not a run id.", "run", "run.invalid-id"));
        }

        var run = await runs.FindAsync(id, runId, cancellationToken).ConfigureAwait(false);
        return run is null ? (null, new LifecycleProblem(ProblemCodes.NotFound, $"Environment {id} has no run {runId}.", "run", "run.not-found")) : (run, null);
    }

    private static (EnvironmentId? Id, LifecycleProblem? Problem) ParseId(string project, string name)
    {
        if (!ProjectName.TryParse(project, out var projectName))
        {
            return (null, new LifecycleProblem(ProblemCodes.InvalidRequest, ProjectName.Validate(project)!, "project", "name.invalid"));
        }

        return EnvironmentName.TryParse(name, out var environmentName)
            ? (new EnvironmentId(projectName, environmentName), null)
            : (null, new LifecycleProblem(ProblemCodes.InvalidRequest, EnvironmentName.Validate(name)!, "name", "name.invalid"));
    }

    private static LifecycleResult<OperationAccepted> Accepted(StartedRun? started, LifecycleProblem? problem) =>
        started is null
            ? LifecycleResult.Failure<OperationAccepted>(problem!)
            : LifecycleResult.Success(new OperationAccepted(ViewMapper.ToView(started.Environment), ViewMapper.ToView(started.Run), started.InstanceId));

    private static string Fingerprint(CreateEnvironmentCommand command)
    {
        var canonical = new StringBuilder()
            .Append(command.Project).Append('\n').Append(command.Name).Append('\n').Append(command.Template).Append('\n')
            .Append(command.Ttl?.Ticks).Append('\n');
        foreach (var (key, value) in command.Inputs.OrderBy(i => i.Key, StringComparer.Ordinal))
        {
            canonical.Append(key).Append('=').Append(value.GetRawText()).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())));
    }

    private static LifecycleProblem NotFoundProblem(EnvironmentId id) =>
        new(ProblemCodes.NotFound, $"Project '{id.Project.Value}' has no environment named '{id.Name.Value}'.", "name", "environment.not-found");

    private static LifecycleResult<T> NotFound<T>(EnvironmentId id)
        where T : class => LifecycleResult.Failure<T>(NotFoundProblem(id));

    private static LifecycleResult<T> Problem<T>(string code, string detail, string? field, string? rule)
        where T : class => LifecycleResult.Failure<T>(new LifecycleProblem(code, detail, field, rule));

    /// <param name="Advisory">Advisory policy violations of the proposed change, recorded on the run that makes it.</param>
    private sealed record Proposal(
        EnvironmentRecord? Environment,
        EnvironmentTemplate? Template,
        ImmutableSortedDictionary<string, Core.Values.Value>? Inputs,
        ImmutableArray<PolicyResult> Advisory,
        LifecycleProblem? Problem);
}

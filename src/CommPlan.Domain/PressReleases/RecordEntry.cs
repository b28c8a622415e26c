namespace CommPlan.Domain.PressReleases;

/// <summary>What a line of the plan's record is about.</summary>
public enum RecordSubject
{
    PressRelease,
    PlanDocument,
}

/// <summary>
/// The adoption of a plan document as the plan's record holds it, written once and never changed or removed.
/// </summary>
/// <param name="Document">The document's file name in the plan's library.</param>
/// <param name="DocumentVersion">The version the adoption made ("3.0"), as the library's version history names it.</param>
public sealed record AdoptionEntry(Guid Id, Guid PlanId, string Document, string DocumentVersion, Person Actor, DateTimeOffset At);

/// <summary>One line of the plan's record: an entry of a press release's record or the adoption of a plan document.</summary>
public sealed record RecordEntry
{
    private RecordEntry(AuditEntry? release, AdoptionEntry? adoption) => (Release, Adoption) = (release, adoption);

    public AuditEntry? Release { get; }

    public AdoptionEntry? Adoption { get; }

    public RecordSubject Subject => Release is null ? RecordSubject.PlanDocument : RecordSubject.PressRelease;

    public Guid Id => Release?.Id ?? Adoption!.Id;

    public Person Actor => Release?.Actor ?? Adoption!.Actor;

    public DateTimeOffset At => Release?.At ?? Adoption!.At;

    public static RecordEntry Of(AuditEntry entry) => new(entry, null);

    public static RecordEntry Of(AdoptionEntry entry) => new(null, entry);

    /// <summary>The plan's record in time order; entries of the same moment keep the order they came in.</summary>
    public static IReadOnlyList<RecordEntry> Merge(IEnumerable<AuditEntry> releases, IEnumerable<AdoptionEntry> adoptions) =>
        releases.Select(Of).Concat(adoptions.Select(Of)).OrderBy(e => e.At).ToArray();
}

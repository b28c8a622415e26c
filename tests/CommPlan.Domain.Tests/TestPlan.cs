using System.Globalization;
using CommPlan.Domain.Activities;
using CommPlan.Domain.Common;
using CommPlan.Domain.Plans;

namespace CommPlan.Domain.Tests;

/// <summary>
/// Shared test vocabulary: a small plan (two units, three channels, two goals, two target groups), valid activity
/// details to vary with <c>with { ... }</c>, and helpers to read validation errors and compare snapshots.
/// </summary>
internal static class TestPlan
{
    /// <summary>"Today" in most tests: mid-June of the plan year.</summary>
    public static readonly DateOnly Today = new(2026, 6, 15);

    public static readonly Owner Anna = new(Guid.Parse("6f1d2c4e-8a4b-4c1e-9f57-2b1d3e4f5a60"), "Anna Lind");
    public static readonly Owner Erik = new(Guid.Parse("0b7e9d21-53c6-4f0a-8e2d-7c9a1b2c3d4e"), "Erik Berg");

    public static Plan Create(int year = 2026) => Plan.Create(
        Guid.NewGuid(), year, "Exempelby kommun", "Arbetsmarknad och vuxenutbildning", $"Kommunikationsplan {year}",
        goals: [new Goal("kannedom", "Kännedom om verksamheten"), new Goal("rekrytering", "Fler deltagare")],
        targetGroups: [new TargetGroup("invanare", "Invånare"), new TargetGroup("unga-vuxna", "Unga vuxna")],
        channels: [new Channel("webb", "Webbplats"), new Channel("facebook", "Facebook"), new Channel("intranat", "Intranät")],
        units: [new Unit("vux", "Vuxenutbildningen"), new Unit("second-hand", "Second hand-butiken", "Fler besökare")]);

    /// <summary>The activity details builder: a valid, planned, one-off activity in March–April of <paramref name="year"/>.</summary>
    public static ActivityDetails Details(int year = 2026) => new()
    {
        Title = "Informationskväll om vuxenutbildningen",
        UnitKey = "vux",
        Period = Period.Months(year, 3, 4),
        Channels = ["webb", "facebook"],
        TargetGroups = ["invanare"],
        Goals = ["rekrytering"],
    };

    public static Activity NewActivity(Plan plan, ActivityDetails? details = null, DateOnly? today = null) =>
        Activity.Create(Guid.NewGuid(), plan, details ?? Details(plan.Year), today ?? Today);

    public static DateOnly Day(string isoDate) => DateOnly.ParseExact(isoDate, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Runs <paramref name="act"/>, which must refuse its input, and returns every error it reported.</summary>
    public static IReadOnlyList<FieldError> Errors(Action act) => Assert.Throws<DomainValidationException>(act).Errors;

    /// <summary>Runs <paramref name="act"/>, which must refuse its input with exactly one error, and returns it.</summary>
    public static (string Field, string Code) SingleError(Action act)
    {
        var error = Assert.Single(Errors(act));
        return (error.Field, error.Code);
    }

    /// <summary>Asserts the exact set of (field, code) pairs reported, in any order.</summary>
    public static void AssertErrors(IReadOnlyList<FieldError> actual, params (string Field, string Code)[] expected)
    {
        static string Key((string Field, string Code) e) => e.Field + ":" + e.Code;
        Assert.Equal(
            expected.Select(Key).Order(StringComparer.Ordinal),
            actual.Select(e => Key((e.Field, e.Code))).Order(StringComparer.Ordinal));
    }

    /// <summary>Field-by-field comparison of two snapshots; lists are compared as sequences.</summary>
    public static void AssertSameSnapshot(ActivitySnapshot expected, ActivitySnapshot actual)
    {
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.PlanId, actual.PlanId);
        Assert.Equal(expected.Title, actual.Title);
        Assert.Equal(expected.Description, actual.Description);
        Assert.Equal(expected.UnitKey, actual.UnitKey);
        Assert.Equal(expected.Period, actual.Period);
        Assert.Equal(expected.Deadline, actual.Deadline);
        Assert.Equal(expected.Recurrence, actual.Recurrence);
        Assert.Equal(expected.Channels, actual.Channels);
        Assert.Equal(expected.TargetGroups, actual.TargetGroups);
        Assert.Equal(expected.Goals, actual.Goals);
        Assert.Equal(expected.Owner, actual.Owner);
        Assert.Equal(expected.FollowUpMetric, actual.FollowUpMetric);
        Assert.Equal(expected.Status, actual.Status);
        Assert.Equal(expected.CompletedOn, actual.CompletedOn);
        Assert.Equal(expected.Occurrences, actual.Occurrences);
        Assert.Equal(expected.FollowUpFigures, actual.FollowUpFigures);
    }
}

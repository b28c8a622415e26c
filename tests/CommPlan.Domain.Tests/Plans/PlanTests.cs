using CommPlan.Domain.Common;
using CommPlan.Domain.Plans;
using static CommPlan.Domain.Tests.TestPlan;

namespace CommPlan.Domain.Tests.Plans;

public sealed class PlanTests
{
    private static Plan Make(
        int year = 2026,
        string organisation = "Exempelby kommun",
        Goal[]? goals = null,
        TargetGroup[]? targetGroups = null,
        Channel[]? channels = null,
        Unit[]? units = null) =>
        Plan.Create(Guid.NewGuid(), year, organisation, "Arbetsmarknad", "Kommunikationsplan",
            goals ?? [new Goal("kannedom", "Kännedom")],
            targetGroups ?? [new TargetGroup("invanare", "Invånare")],
            channels ?? [new Channel("webb", "Webbplats")],
            units ?? [new Unit("vux", "Vuxenutbildningen")]);

    [Fact]
    public void Valid_plan_holds_its_vocabulary()
    {
        var plan = TestPlan.Create(2026);

        Assert.Equal(2026, plan.Year);
        Assert.True(plan.HasUnit("second-hand"));
        Assert.True(plan.HasChannel("facebook"));
        Assert.True(plan.HasGoal("kannedom"));
        Assert.True(plan.HasTargetGroup("unga-vuxna"));
        Assert.False(plan.HasChannel("tiktok"));
        Assert.Equal("Fler besökare", plan.FindUnit("second-hand")?.Challenge);
        Assert.Equal(new DateOnly(2026, 1, 1), plan.FirstDay);
        Assert.Equal(new DateOnly(2026, 12, 31), plan.LastDay);
    }

    [Fact]
    public void Duplicate_goal_key_is_refused()
    {
        Assert.Equal(("goals[1].key", ErrorCodes.Duplicate),
            SingleError(() => Make(goals: [new Goal("kannedom", "Kännedom"), new Goal("kannedom", "Kännedom igen")])));
    }

    [Fact]
    public void Duplicate_keys_are_refused_in_every_list()
    {
        var errors = Errors(() => Make(
            targetGroups: [new TargetGroup("unga", "Unga"), new TargetGroup("unga", "Ungdomar")],
            channels: [new Channel("webb", "Webb"), new Channel("press", "Press"), new Channel("webb", "Webbplats")],
            units: [new Unit("vux", "Vux"), new Unit("vux", "Vuxenutbildning")]));

        AssertErrors(errors,
            ("targetGroups[1].key", ErrorCodes.Duplicate),
            ("channels[2].key", ErrorCodes.Duplicate),
            ("units[1].key", ErrorCodes.Duplicate));
    }

    [Theory]
    [InlineData("Webb")]
    [InlineData("webb sida")]
    [InlineData("intranät")]
    [InlineData("web_site")]
    [InlineData("")]
    public void Key_with_characters_outside_lower_case_letters_digits_and_dashes_is_refused(string key)
    {
        Assert.Equal(("channels[0].key", ErrorCodes.Unparseable), SingleError(() => Make(channels: [new Channel(key, "Kanal")])));
    }

    [Fact]
    public void Key_longer_than_64_characters_is_refused()
    {
        Assert.Equal(("units[0].key", ErrorCodes.Unparseable),
            SingleError(() => Make(units: [new Unit(new string('a', 65), "Enhet")])));
    }

    [Theory]
    [InlineData("a")]
    [InlineData("second-hand")]
    [InlineData("mal-2026")]
    public void Key_of_lower_case_letters_digits_and_dashes_is_accepted(string key)
    {
        Assert.Equal(key, Make(channels: [new Channel(key, "Kanal")]).Channels[0].Key);
    }

    [Fact]
    public void Entry_name_is_required()
    {
        Assert.Equal(("goals[0].name", ErrorCodes.Required), SingleError(() => Make(goals: [new Goal("kannedom", " ")])));
    }

    [Theory]
    [InlineData(1999)]
    [InlineData(2101)]
    public void Year_outside_2000_to_2100_is_refused(int year)
    {
        Assert.Equal(("year", ErrorCodes.OutOfRange), SingleError(() => Make(year: year)));
    }

    [Theory]
    [InlineData(2000)]
    [InlineData(2100)]
    public void Year_at_the_edges_of_the_range_is_accepted(int year)
    {
        Assert.Equal(year, Make(year: year).Year);
    }

    [Fact]
    public void Organisation_is_required_and_every_bad_field_is_reported()
    {
        var errors = Errors(() => Make(year: 1990, organisation: "", channels: [new Channel("Webb", "Webb")]));

        AssertErrors(errors,
            ("year", ErrorCodes.OutOfRange),
            ("organisation", ErrorCodes.Required),
            ("channels[0].key", ErrorCodes.Unparseable));
    }

    [Fact]
    public void More_than_100_entries_are_too_many()
    {
        var goals = Enumerable.Range(1, Plan.MaxEntries + 1).Select(i => new Goal($"mal-{i}", $"Mål {i}")).ToArray();

        Assert.Equal(("goals", ErrorCodes.TooMany), SingleError(() => Make(goals: goals)));
    }
}

using CommPlan.Domain.Common;
using CommPlan.Domain.Plans;
using static CommPlan.Domain.Tests.TestPlan;

namespace CommPlan.Domain.Tests.Plans;

public sealed class PlanRevisionTests
{
    private static PlanVocabulary VocabularyOf(Plan p) => new(p.Organisation, p.Department, p.Title, p.Goals, p.TargetGroups, p.Channels, p.Units);

    [Fact]
    public void A_renamed_entry_keeps_its_key_so_the_activities_using_it_stay_valid()
    {
        var plan = TestPlan.Create();
        var activity = NewActivity(plan);

        var revised = plan.Revise(VocabularyOf(plan) with { Channels = [new Channel("webb", "Webbplatsen exempelby.se"), new Channel("facebook", "Facebook"), new Channel("intranat", "Intranät")] }, [activity]);

        Assert.Equal(plan.Id, revised.Id);
        Assert.Equal("Webbplatsen exempelby.se", revised.Channels.Single(c => c.Key == "webb").Name);
        activity.Revise(revised, Details(), Today);
    }

    [Fact]
    public void Removing_entries_still_in_use_is_refused_naming_each_with_its_count_and_unused_ones_may_go()
    {
        var plan = TestPlan.Create();
        var activities = new[] { NewActivity(plan), NewActivity(plan), NewActivity(plan, Details() with { UnitKey = "second-hand", Channels = ["facebook"] }) };

        var errors = Errors(() => plan.Revise(VocabularyOf(plan) with { Channels = [new Channel("intranat", "Intranät")], Units = [new Unit("vux", "Vux")] }, activities));
        var unusedGone = plan.Revise(VocabularyOf(plan) with { Channels = [new Channel("webb", "Webb"), new Channel("facebook", "Facebook")] }, activities);

        AssertErrors(errors, ("channels[webb]", ErrorCodes.InUse), ("channels[facebook]", ErrorCodes.InUse), ("units[second-hand]", ErrorCodes.InUse));
        Assert.Equal(3, errors.Single(e => e.Field == "channels[facebook]").Limit);
        Assert.Equal(2, unusedGone.Channels.Count);
    }

    [Fact]
    public void A_revision_breaking_the_plans_rules_reports_those_and_the_entries_in_use_together()
    {
        var plan = TestPlan.Create();

        var errors = Errors(() => plan.Revise(VocabularyOf(plan) with { Title = " ", Goals = [new Goal("a", "A"), new Goal("a", "B")] }, [NewActivity(plan)]));

        AssertErrors(errors, ("title", ErrorCodes.Required), ("goals[1].key", ErrorCodes.Duplicate), ("goals[rekrytering]", ErrorCodes.InUse));
    }
}

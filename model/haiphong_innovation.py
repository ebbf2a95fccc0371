"""
Python model 'haiphong_innovation.py'
Translated using PySD
"""

from pathlib import Path
import numpy as np
import xarray as xr

from pysd.py_backend.functions import xidz, zidz, step, sum, if_then_else, ramp
from pysd.py_backend.statefuls import Delay, Smooth, Initial, Integ
from pysd import Component

__pysd_version__ = "3.14.3"

__data = {"scope": None, "time": lambda: 0}

_root = Path(__file__).parent


_subscript_dict = {"region": ["HaiPhong", "HaiDuong"]}

component = Component()

#######################################################################
#                          CONTROL VARIABLES                          #
#######################################################################

_control_vars = {
    "initial_time": lambda: 2013,
    "final_time": lambda: 2035,
    "time_step": lambda: 0.0625,
    "saveper": lambda: 1,
}


def _init_outer_references(data):
    for key in data:
        __data[key] = data[key]


@component.add(name="Time")
def time():
    """
    Current time of the model.
    """
    return __data["time"]()


@component.add(
    name="FINAL TIME", units="Year", comp_type="Constant", comp_subtype="Normal"
)
def final_time():
    """
    The final time for the simulation.
    """
    return __data["time"].final_time()


@component.add(
    name="INITIAL TIME", units="Year", comp_type="Constant", comp_subtype="Normal"
)
def initial_time():
    """
    The initial time for the simulation.
    """
    return __data["time"].initial_time()


@component.add(
    name="SAVEPER",
    units="Year",
    limits=(0.0, np.nan),
    comp_type="Constant",
    comp_subtype="Normal",
)
def saveper():
    """
    The frequency with which output is stored.
    """
    return __data["time"].saveper()


@component.add(
    name="TIME STEP",
    units="Year",
    limits=(0.0, np.nan),
    comp_type="Constant",
    comp_subtype="Normal",
)
def time_step():
    """
    The time step for the simulation.
    """
    return __data["time"].time_step()


#######################################################################
#                           MODEL VARIABLES                           #
#######################################################################


@component.add(
    name="regional GRDP",
    units="bnVND/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "grdp_2013": 1,
        "tfp_level": 1,
        "capital_stock": 1,
        "capital_elasticity": 2,
        "initial_capital_stock": 1,
        "employment": 1,
        "employment_2013": 1,
        "capacity_utilisation": 1,
    },
)
def regional_grdp():
    """
    Real GRDP of each region at 2013 prices: Cobb-Douglas in TFP, capital and employment (constant returns), times capacity utilisation.
    """
    return (
        grdp_2013()
        * tfp_level()
        * (capital_stock() / initial_capital_stock()) ** capital_elasticity()
        * (employment() / employment_2013()) ** (1 - capital_elasticity())
        * capacity_utilisation()
    )


@component.add(
    name="GRDP 2013",
    units="bnVND/Year",
    subscripts=["region"],
    comp_type="Constant",
    comp_subtype="Normal",
)
def grdp_2013():
    """
    GRDP in 2013 at 2013 prices (calibrated on the current-price levels 2015-2025 with the GRDP deflator; prior from the back-cast in parameters.csv).
    """
    return xr.DataArray(
        [103872.0, 68547.0], {"region": _subscript_dict["region"]}, ["region"]
    )


@component.add(
    name="capital elasticity", units="Dmnl", comp_type="Constant", comp_subtype="Normal"
)
def capital_elasticity():
    """
    Output elasticity of capital bK, the same in both regions and in the merged city (GSO method: weights from the input-output table; labour gets 1 - bK).
    """
    return 0.4954


@component.add(
    name="capital stock",
    units="bnVND",
    subscripts=["region"],
    comp_type="Stateful",
    comp_subtype="Integ",
    depends_on={"_integ_capital_stock": 1},
    other_deps={
        "_integ_capital_stock": {
            "initial": {"initial_capital_stock": 1},
            "step": {"investment": 1, "capital_depreciation": 1},
        }
    },
)
def capital_stock():
    """
    Real fixed capital stock, by perpetual inventory.
    """
    return _integ_capital_stock()


_integ_capital_stock = Integ(
    lambda: investment() - capital_depreciation(),
    lambda: initial_capital_stock(),
    "_integ_capital_stock",
)


@component.add(
    name="initial capital stock",
    units="bnVND",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"capital_output_ratio_2013": 1, "grdp_2013": 1},
)
def initial_capital_stock():
    """
    Capital stock in 2013 from the capital-output ratio.
    """
    return capital_output_ratio_2013() * grdp_2013()


@component.add(
    name="capital output ratio 2013",
    units="Year",
    subscripts=["region"],
    comp_type="Constant",
    comp_subtype="Normal",
)
def capital_output_ratio_2013():
    """
    Capital stock per unit of yearly GRDP in 2013 (no capital-stock series exists for either region: calibrated with a prior).
    """
    return xr.DataArray(
        [2.568, 3.01], {"region": _subscript_dict["region"]}, ["region"]
    )


@component.add(
    name="investment",
    units="bnVND/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"investment_rate": 1, "regional_grdp": 1},
)
def investment():
    """
    Total social investment realised (state, non-state and FDI) at 2013 prices.
    """
    return investment_rate() * regional_grdp()


@component.add(
    name="investment rate",
    units="Dmnl",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "time": 1,
        "policy_start_year": 1,
        "historical_investment_rate": 3,
        "investment_ratio_policy": 1,
        "grdp": 1,
        "regional_grdp": 1,
    },
)
def investment_rate():
    """
    Total social investment as a fraction of GRDP: the documented ratios to 2025; from the policy start year each region's 2025 ratio scaled by one common factor so that the merged city's ratio equals the investment-ratio lever exactly.
    """
    return if_then_else(
        time() < policy_start_year(),
        lambda: historical_investment_rate(),
        lambda: historical_investment_rate()
        * investment_ratio_policy()
        / zidz(
            sum(
                historical_investment_rate().rename({"region": "region!"})
                * regional_grdp().rename({"region": "region!"}),
                dim=["region!"],
            ),
            grdp(),
        ),
    )


@component.add(
    name="historical investment rate",
    units="Dmnl",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "early_investment_rate": 2,
        "investment_boom_weight": 1,
        "documented_investment_rate": 2,
    },
)
def historical_investment_rate():
    """
    Investment / GRDP before the lever applies. Hai Phong: the calibrated early rate before the FDI-led boom, then its documented ratios (linear between years); Hai Duong: its documented and derived ratios.
    """
    value = xr.DataArray(np.nan, {"region": _subscript_dict["region"]}, ["region"])
    value.loc[["HaiPhong"]] = (
        early_investment_rate()
        + (
            float(documented_investment_rate().loc["HaiPhong"])
            - early_investment_rate()
        )
        * investment_boom_weight()
    )
    value.loc[["HaiDuong"]] = float(documented_investment_rate().loc["HaiDuong"])
    return value


@component.add(
    name="investment boom weight",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="with Lookup",
    depends_on={"time": 1},
)
def investment_boom_weight():
    """
    Move from Hai Phong's early rate to its documented path during 2015 (the boom is documented from 2016).
    """
    return np.interp(time(), [2013.0, 2015.5, 2016.5, 2035.0], [0.0, 0.0, 1.0, 1.0])


@component.add(
    name="early investment rate",
    units="Dmnl",
    comp_type="Constant",
    comp_subtype="Normal",
)
def early_investment_rate():
    """
    Hai Phong's investment rate in 2013-2015 (no statistic found; calibrated with a prior).
    """
    return 0.2871


@component.add(
    name="documented investment rate",
    units="Dmnl",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="with Lookup",
    depends_on={"time": 2},
)
def documented_investment_rate():
    """
    Social investment / GRDP at current prices, each year's ratio at mid-year. Hai Phong: 2016-2020 derived from the period total of 564,000 bn VND (000) and 2020 = 171,708 (2021's 173,975 "tăng 1,32%") spread by one constant growth rate (26.9 %/yr) over GRDP interpolated geometrically between 2015 and 2021; 2021, 2022 and 2024 from the public statistics; 2025 held at 2024's ratio. Hai Duong: 0.38 in 2013-2015 (more than 135,000 bn VND in 2010-2015 over that period's GRDP, a lower bound), 0.317 in 2022 (stated 31.7 %), 0.303 in 2024 (64,360 / 212,386), linear in between (assumption); 2025 = the merged city's 321,000 bn VND less Hai Phong's 2024 ratio times its projected 502,396 bn VND, over the rest of 734,420 (0.364; Hai Duong's own 2025 plan of 80,850 bn VND gives 0.35).
    """
    value = xr.DataArray(np.nan, {"region": _subscript_dict["region"]}, ["region"])
    value.loc[["HaiPhong"]] = np.interp(
        time(),
        [2016.5, 2017.5, 2018.5, 2019.5, 2020.5, 2021.5, 2022.5, 2024.5, 2035.0],
        [0.449, 0.489, 0.533, 0.581, 0.633, 0.551, 0.51, 0.471, 0.471],
    )
    value.loc[["HaiDuong"]] = np.interp(
        time(),
        [2013.0, 2015.5, 2022.5, 2024.5, 2025.5, 2035.0],
        [0.38, 0.38, 0.317, 0.303, 0.364, 0.364],
    )
    return value


@component.add(
    name="investment ratio policy",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="with Lookup",
    depends_on={"time": 1},
)
def investment_ratio_policy():
    """
    Lever: the merged city's total social investment as a fraction of GRDP from the policy start year (baseline: held at the 2025 ratio 321,000 / 734,420 = 0.437). Split over the regions in proportion to their 2025 ratios.
    """
    return np.interp(time(), [2013.0, 2035.0], [0.437, 0.437])


@component.add(
    name="investment ratio",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"investment": 1, "grdp": 1},
)
def investment_ratio():
    """
    The merged city's total social investment / GRDP (indicator; the lever's level once it applies).
    """
    return zidz(
        sum(investment().rename({"region": "region!"}), dim=["region!"]), grdp()
    )


@component.add(
    name="FDI share of investment",
    units="Dmnl",
    subscripts=["region"],
    comp_type="Constant",
    comp_subtype="Normal",
)
def fdi_share_of_investment():
    """
    FDI part of total social investment (Hai Phong 27.6 %, year not stated; Hai Duong 35-40 % in 2023, lower end).
    """
    return xr.DataArray(
        [0.276, 0.35], {"region": _subscript_dict["region"]}, ["region"]
    )


@component.add(
    name="FDI investment",
    units="bnVND/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"investment": 1, "fdi_share_of_investment": 1},
)
def fdi_investment():
    """
    FDI part of investment (reported split; FDI is inside the documented investment path).
    """
    return investment() * fdi_share_of_investment()


@component.add(
    name="capital depreciation",
    units="bnVND/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"capital_stock": 1, "capital_depreciation_rate": 1},
)
def capital_depreciation():
    """
    Wear and obsolescence of fixed capital.
    """
    return capital_stock() * capital_depreciation_rate()


@component.add(
    name="capital depreciation rate",
    units="1/Year",
    comp_type="Constant",
    comp_subtype="Normal",
)
def capital_depreciation_rate():
    """
    Yearly depreciation of fixed capital.
    """
    return 0.05


@component.add(
    name="capital growth rate",
    units="1/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"investment": 1, "capital_depreciation": 1, "capital_stock": 1},
)
def capital_growth_rate():
    """
    Relative growth of the capital stock.
    """
    return (investment() - capital_depreciation()) / capital_stock()


@component.add(
    name="employment",
    units="person",
    subscripts=["region"],
    comp_type="Stateful",
    comp_subtype="Integ",
    depends_on={"_integ_employment": 1},
    other_deps={
        "_integ_employment": {
            "initial": {"employment_2013": 1},
            "step": {"employment_change": 1},
        }
    },
)
def employment():
    """
    Employed persons aged 15+: the statistics to 2021, then the projected growth rate.
    """
    return _integ_employment()


_integ_employment = Integ(
    lambda: employment_change(), lambda: employment_2013(), "_integ_employment"
)


@component.add(
    name="employment change",
    units="person/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"employment": 1, "employment_growth_rate": 1},
)
def employment_change():
    """
    Yearly change of employment.
    """
    return employment() * employment_growth_rate()


@component.add(
    name="employment 2013",
    units="person",
    subscripts=["region"],
    comp_type="Constant",
    comp_subtype="Normal",
)
def employment_2013():
    """
    Employed persons in 2013: Hai Phong from the statistics yearbook (1,082.3 thousand at 1 July); Hai Duong's 1.05 million with stable jobs (c. 2021) scaled back with its population (no 2013 figure).
    """
    return xr.DataArray(
        [1082300.0, 949700.0], {"region": _subscript_dict["region"]}, ["region"]
    )


@component.add(
    name="employment growth rate",
    units="1/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "time": 1,
        "employment_statistics_end": 1,
        "documented_employment_growth_rate": 1,
        "projected_employment_growth_rate": 1,
    },
)
def employment_growth_rate():
    """
    Yearly relative growth of employment.
    """
    return if_then_else(
        time() < employment_statistics_end(),
        lambda: documented_employment_growth_rate(),
        lambda: xr.DataArray(
            projected_employment_growth_rate(),
            {"region": _subscript_dict["region"]},
            ["region"],
        ),
    )


@component.add(
    name="documented employment growth rate",
    units="1/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="with Lookup",
    depends_on={"time": 2},
)
def documented_employment_growth_rate():
    """
    Employment growth between the published figures, as logarithmic rates. Hai Phong: 1,082.3 (2013), 1,085.6 (2014), 1,090.4 (2015) and 1,075.7 thousand (c. 2021). Hai Duong: its population growth 2013-2021 (1,751.8 to 1,936.8 thousand), employment per person held (assumption).
    """
    value = xr.DataArray(np.nan, {"region": _subscript_dict["region"]}, ["region"])
    value.loc[["HaiPhong"]] = np.interp(
        time(),
        [2013.0, 2013.99, 2014.0, 2014.99, 2015.0, 2035.0],
        [0.00304, 0.00304, 0.00441, 0.00441, -0.00226, -0.00226],
    )
    value.loc[["HaiDuong"]] = np.interp(time(), [2013.0, 2035.0], [0.01255, 0.01255])
    return value


@component.add(
    name="employment statistics end",
    units="Year",
    comp_type="Constant",
    comp_subtype="Normal",
)
def employment_statistics_end():
    """
    Last year with employment statistics (both regions).
    """
    return 2021


@component.add(
    name="projected employment growth rate",
    units="1/Year",
    comp_type="Constant",
    comp_subtype="Normal",
)
def projected_employment_growth_rate():
    """
    Employment growth after 2021 in both regions (assumption; the plan's 13-14 % growth with labour productivity +11 %/yr implies 2-3 %/yr).
    """
    return 0.007942


@component.add(
    name="capacity utilisation",
    units="Dmnl",
    subscripts=["region"],
    comp_type="Stateful",
    comp_subtype="Integ",
    depends_on={"_integ_capacity_utilisation": 1},
    other_deps={
        "_integ_capacity_utilisation": {
            "initial": {},
            "step": {"utilisation_change": 1},
        }
    },
)
def capacity_utilisation():
    """
    Use of capacity relative to normal: 1 until the 2020 pandemic loss.
    """
    return _integ_capacity_utilisation()


_integ_capacity_utilisation = Integ(
    lambda: utilisation_change(),
    lambda: xr.DataArray(1, {"region": _subscript_dict["region"]}, ["region"]),
    "_integ_capacity_utilisation",
)


@component.add(
    name="utilisation change",
    units="1/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"capacity_utilisation": 1, "utilisation_growth_rate": 1},
)
def utilisation_change():
    """
    Change of capacity utilisation.
    """
    return capacity_utilisation() * utilisation_growth_rate()


@component.add(
    name="utilisation growth rate",
    units="1/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "pandemic_output_loss": 1,
        "pandemic_profile": 1,
        "recovery_profile": 1,
        "pandemic_loss_regained": 1,
        "national_growth_deviation": 1,
        "national_cycle_sensitivity": 1,
    },
)
def utilisation_growth_rate():
    """
    Relative change of utilisation: the pandemic loss in 2020, the part regained after reopening, and the national business cycle.
    """
    return (
        pandemic_output_loss()
        * (pandemic_profile() + pandemic_loss_regained() * recovery_profile())
        + national_cycle_sensitivity() * national_growth_deviation()
    )


@component.add(
    name="national cycle sensitivity",
    units="Dmnl",
    comp_type="Constant",
    comp_subtype="Normal",
)
def national_cycle_sensitivity():
    """
    Change of the regions' capacity utilisation per unit of the national growth deviation.
    """
    return 0.5878


@component.add(
    name="national growth deviation",
    units="1/Year",
    comp_type="Auxiliary",
    comp_subtype="with Lookup",
    depends_on={"time": 1},
)
def national_growth_deviation():
    """
    Vietnam's real GDP growth minus its 2013-2025 mean outside the pandemic years (6.875 %/yr): 5.55, 6.42, 6.99, 6.69, 6.94, 7.47, 7.36 (2013-2019), 8.02, 5.07, 7.09, 8.02 (2022-2025), shared/data/hai-phong-public-stats.csv vn_gdp_growth_real; 2020-2021 left out (the pandemic loss covers them); 0 after 2025.
    """
    return np.interp(
        time(),
        [
            2013.0,
            2013.5,
            2013.51,
            2014.5,
            2014.51,
            2015.5,
            2015.51,
            2016.5,
            2016.51,
            2017.5,
            2017.51,
            2018.5,
            2018.51,
            2019.5,
            2019.51,
            2021.5,
            2021.51,
            2022.5,
            2022.51,
            2023.5,
            2023.51,
            2024.5,
            2024.51,
            2025.5,
            2025.51,
            2035.0,
        ],
        [
            -0.0133,
            -0.0133,
            -0.0046,
            -0.0046,
            0.0012,
            0.0012,
            -0.0019,
            -0.0019,
            0.0007,
            0.0007,
            0.006,
            0.006,
            0.0049,
            0.0049,
            0.0,
            0.0,
            0.0115,
            0.0115,
            -0.0181,
            -0.0181,
            0.0022,
            0.0022,
            0.0115,
            0.0115,
            0.0,
            0.0,
        ],
    )


@component.add(
    name="pandemic loss regained",
    units="Dmnl",
    comp_type="Constant",
    comp_subtype="Normal",
)
def pandemic_loss_regained():
    """
    Fraction of the 2020 loss regained after reopening.
    """
    return 0.6538


@component.add(
    name="recovery profile",
    units="1/Year",
    comp_type="Auxiliary",
    comp_subtype="with Lookup",
    depends_on={"time": 1},
)
def recovery_profile():
    """
    Timing of the recovery: spread evenly over 2022-2025 after the reopening of late 2021.
    """
    return np.interp(
        time(),
        [2013.0, 2021.5, 2021.51, 2025.5, 2025.51, 2035.0],
        [0.0, 0.0, 0.25, 0.25, 0.0, 0.0],
    )


@component.add(
    name="pandemic output loss",
    units="Dmnl",
    subscripts=["region"],
    comp_type="Constant",
    comp_subtype="Normal",
)
def pandemic_output_loss():
    """
    Fraction of GRDP lost to the pandemic in 2020 relative to trend (calibrated per region).
    """
    return xr.DataArray(
        [0.03713, 0.05592], {"region": _subscript_dict["region"]}, ["region"]
    )


@component.add(
    name="pandemic profile",
    units="1/Year",
    comp_type="Auxiliary",
    comp_subtype="with Lookup",
    depends_on={"time": 1},
)
def pandemic_profile():
    """
    Timing of the pandemic shock: the loss during 2020, with no rebound in 2021 (Hai Phong 12.38 % and Hai Duong 8.6 %, near their trends); the part regained later follows the recovery profile.
    """
    return np.interp(
        time(),
        [2013.0, 2019.5, 2019.51, 2020.5, 2020.51, 2035.0],
        [0.0, 0.0, -1.0, -1.0, 0.0, 0.0],
    )


@component.add(
    name="one year", units="Year", comp_type="Constant", comp_subtype="Normal"
)
def one_year():
    """
    Unit conversion: growth over one year.
    """
    return 1


@component.add(
    name="regional GRDP growth rate",
    units="1/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "regional_tfp_growth_rate": 1,
        "capital_elasticity": 2,
        "capital_growth_rate": 1,
        "employment_growth_rate": 1,
        "utilisation_growth_rate": 1,
    },
)
def regional_grdp_growth_rate():
    """
    Instantaneous (logarithmic) growth of real GRDP: the time derivative of the production function.
    """
    return (
        regional_tfp_growth_rate()
        + capital_elasticity() * capital_growth_rate()
        + (1 - capital_elasticity()) * employment_growth_rate()
        + utilisation_growth_rate()
    )


@component.add(
    name="regional GRDP growth annualised",
    units="1/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"regional_grdp_growth_rate": 1, "one_year": 2},
)
def regional_grdp_growth_annualised():
    """
    Year-on-year growth of GRDP at the current instantaneous rate, as the statistics report it.
    """
    return (np.exp(regional_grdp_growth_rate() * one_year()) - 1) / one_year()


@component.add(
    name="capital growth annualised",
    units="1/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"capital_growth_rate": 1, "one_year": 2},
)
def capital_growth_annualised():
    """
    Year-on-year growth of the capital stock.
    """
    return (np.exp(capital_growth_rate() * one_year()) - 1) / one_year()


@component.add(
    name="employment growth annualised",
    units="1/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"employment_growth_rate": 1, "one_year": 2},
)
def employment_growth_annualised():
    """
    Year-on-year growth of employment.
    """
    return (np.exp(employment_growth_rate() * one_year()) - 1) / one_year()


@component.add(
    name="factor input contribution",
    units="1/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "capital_elasticity": 2,
        "capital_growth_annualised": 1,
        "employment_growth_annualised": 1,
    },
)
def factor_input_contribution():
    """
    Growth contributed by capital and labour, GSO method (bK gK + bL gL).
    """
    return (
        capital_elasticity() * capital_growth_annualised()
        + (1 - capital_elasticity()) * employment_growth_annualised()
    )


@component.add(
    name="measured TFP growth",
    units="1/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"regional_grdp_growth_annualised": 1, "factor_input_contribution": 1},
)
def measured_tfp_growth():
    """
    TFP growth as GSO measures it in each region, the residual gY - bK gK - bL gL.
    """
    return regional_grdp_growth_annualised() - factor_input_contribution()


@component.add(
    name="regional GRDP growth",
    units="percent/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"percent_per_fraction": 1, "regional_grdp_growth_annualised": 1},
)
def regional_grdp_growth():
    """
    Real GRDP growth of each region, percent per year.
    """
    return percent_per_fraction() * regional_grdp_growth_annualised()


@component.add(
    name="regional TFP contribution to GRDP growth",
    units="percent",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "percent_per_fraction": 1,
        "regional_grdp_growth_annualised": 1,
        "measured_tfp_growth": 1,
    },
)
def regional_tfp_contribution_to_grdp_growth():
    """
    Share of each region's GRDP growth from TFP, GSO method.
    """
    return percent_per_fraction() * zidz(
        measured_tfp_growth(), regional_grdp_growth_annualised()
    )


@component.add(
    name="regional labour productivity growth",
    units="percent/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "percent_per_fraction": 1,
        "regional_grdp_growth_rate": 1,
        "one_year": 2,
        "employment_growth_rate": 1,
    },
)
def regional_labour_productivity_growth():
    """
    Year-on-year growth of real GRDP per employed person in each region.
    """
    return (
        percent_per_fraction()
        * (
            np.exp(
                (regional_grdp_growth_rate() - employment_growth_rate()) * one_year()
            )
            - 1
        )
        / one_year()
    )


@component.add(
    name="percent per fraction",
    units="percent",
    comp_type="Constant",
    comp_subtype="Normal",
)
def percent_per_fraction():
    """
    Unit conversion from a fraction to percent.
    """
    return 100


@component.add(
    name="price level",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"inflation_rate": 1, "time": 1, "initial_time": 1},
)
def price_level():
    """
    GRDP deflator relative to 2013 (one deflator for both regions).
    """
    return float(np.exp(inflation_rate() * (time() - initial_time())))


@component.add(
    name="inflation rate", units="1/Year", comp_type="Constant", comp_subtype="Normal"
)
def inflation_rate():
    """
    Average yearly rise of the GRDP deflator.
    """
    return 0.02487


@component.add(
    name="regional GRDP nominal",
    units="bnVND/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"regional_grdp": 1, "price_level": 1},
)
def regional_grdp_nominal():
    """
    Each region's GRDP at current prices.
    """
    return regional_grdp() * price_level()


@component.add(
    name="regional city budget expenditure",
    units="bnVND/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"regional_grdp": 1, "budget_expenditure_ratio": 1},
)
def regional_city_budget_expenditure():
    """
    Budget expenditure on each region's territory at 2013 prices (the two provincial budgets before the merger, the merged city's budget after it); GRDP feeds the budget (loop R1).
    """
    return regional_grdp() * budget_expenditure_ratio()


@component.add(
    name="budget expenditure ratio",
    units="Dmnl",
    subscripts=["region"],
    comp_type="Constant",
    comp_subtype="Normal",
)
def budget_expenditure_ratio():
    """
    Budget expenditure as a fraction of GRDP (Hai Phong: about 39,400 bn VND against 415,000 in 2023; Hai Duong: 2022 planned local revenue 15,312.5 bn VND over GRDP 169,179, a balanced budget assumed).
    """
    return xr.DataArray(
        [0.095, 0.09], {"region": _subscript_dict["region"]}, ["region"]
    )


@component.add(
    name="GRDP",
    units="bnVND/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"regional_grdp": 1},
)
def grdp():
    """
    Real GRDP of the merged city at 2013 prices.
    """
    return sum(regional_grdp().rename({"region": "region!"}), dim=["region!"])


@component.add(
    name="GRDP nominal",
    units="bnVND/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"grdp": 1, "price_level": 1},
)
def grdp_nominal():
    """
    The merged city's GRDP at current prices (2025: 734,420 bn VND).
    """
    return grdp() * price_level()


@component.add(
    name="GRDP growth rate",
    units="1/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"regional_grdp": 1, "regional_grdp_growth_rate": 1, "grdp": 1},
)
def grdp_growth_rate():
    """
    Instantaneous growth of the merged city's real GRDP (the growth of the sum).
    """
    return zidz(
        sum(
            regional_grdp().rename({"region": "region!"})
            * regional_grdp_growth_rate().rename({"region": "region!"}),
            dim=["region!"],
        ),
        grdp(),
    )


@component.add(
    name="GRDP growth annualised",
    units="1/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"grdp_growth_rate": 1, "one_year": 2},
)
def grdp_growth_annualised():
    """
    Year-on-year growth of the merged city's GRDP.
    """
    return (float(np.exp(grdp_growth_rate() * one_year())) - 1) / one_year()


@component.add(
    name="GRDP growth",
    units="percent/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"percent_per_fraction": 1, "grdp_growth_annualised": 1},
)
def grdp_growth():
    """
    Real GRDP growth of the merged city, percent per year (indicator; plan 2026-2030: 13-14 %/yr).
    """
    return percent_per_fraction() * grdp_growth_annualised()


@component.add(
    name="city capital stock",
    units="bnVND",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"capital_stock": 1},
)
def city_capital_stock():
    """
    The merged city's real fixed capital stock.
    """
    return sum(capital_stock().rename({"region": "region!"}), dim=["region!"])


@component.add(
    name="city capital growth rate",
    units="1/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"investment": 1, "capital_depreciation": 1, "city_capital_stock": 1},
)
def city_capital_growth_rate():
    """
    Relative growth of the merged city's capital stock.
    """
    return zidz(
        sum(
            investment().rename({"region": "region!"})
            - capital_depreciation().rename({"region": "region!"}),
            dim=["region!"],
        ),
        city_capital_stock(),
    )


@component.add(
    name="city employment",
    units="person",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"employment": 1},
)
def city_employment():
    """
    Employed persons in the merged city.
    """
    return sum(employment().rename({"region": "region!"}), dim=["region!"])


@component.add(
    name="city employment growth rate",
    units="1/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"employment_change": 1, "city_employment": 1},
)
def city_employment_growth_rate():
    """
    Relative growth of the merged city's employment.
    """
    return zidz(
        sum(employment_change().rename({"region": "region!"}), dim=["region!"]),
        city_employment(),
    )


@component.add(
    name="city capital growth annualised",
    units="1/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"city_capital_growth_rate": 1, "one_year": 2},
)
def city_capital_growth_annualised():
    """
    Year-on-year growth of the merged city's capital stock.
    """
    return (float(np.exp(city_capital_growth_rate() * one_year())) - 1) / one_year()


@component.add(
    name="city employment growth annualised",
    units="1/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"city_employment_growth_rate": 1, "one_year": 2},
)
def city_employment_growth_annualised():
    """
    Year-on-year growth of the merged city's employment.
    """
    return (float(np.exp(city_employment_growth_rate() * one_year())) - 1) / one_year()


@component.add(
    name="city factor input contribution",
    units="1/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "capital_elasticity": 2,
        "city_capital_growth_annualised": 1,
        "city_employment_growth_annualised": 1,
    },
)
def city_factor_input_contribution():
    """
    Growth contributed by capital and labour in the merged city, GSO method on the merged aggregates.
    """
    return (
        capital_elasticity() * city_capital_growth_annualised()
        + (1 - capital_elasticity()) * city_employment_growth_annualised()
    )


@component.add(
    name="city measured TFP growth",
    units="1/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"grdp_growth_annualised": 1, "city_factor_input_contribution": 1},
)
def city_measured_tfp_growth():
    """
    The merged city's TFP growth as GSO measures it: gY - bK gK - bL gL on the merged aggregates.
    """
    return grdp_growth_annualised() - city_factor_input_contribution()


@component.add(
    name="TFP growth",
    units="percent/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"percent_per_fraction": 1, "city_measured_tfp_growth": 1},
)
def tfp_growth():
    """
    The merged city's TFP growth as GSO measures it, percent per year (indicator shown next to each TFP-share target).
    """
    return percent_per_fraction() * city_measured_tfp_growth()


@component.add(
    name="TFP contribution to GRDP growth",
    units="percent",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "percent_per_fraction": 1,
        "city_measured_tfp_growth": 1,
        "grdp_growth_annualised": 1,
    },
)
def tfp_contribution_to_grdp_growth():
    """
    Share of the merged city's GRDP growth from TFP, GSO method on the merged aggregates (targets: 62-65 % by 2030, Action Programme 89-CTr/TU; 57 %, the 2026-2030 plan).
    """
    return percent_per_fraction() * zidz(
        city_measured_tfp_growth(), grdp_growth_annualised()
    )


@component.add(
    name="TFP growth rate",
    units="1/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"regional_grdp": 1, "regional_tfp_growth_rate": 1, "grdp": 1},
)
def tfp_growth_rate():
    """
    Growth of technology in the merged city before utilisation swings: the regions' TFP growth weighted by their GRDP.
    """
    return zidz(
        sum(
            regional_grdp().rename({"region": "region!"})
            * regional_tfp_growth_rate().rename({"region": "region!"}),
            dim=["region!"],
        ),
        grdp(),
    )


@component.add(
    name="labour productivity",
    units="bnVND/(person*Year)",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"grdp": 1, "city_employment": 1},
)
def labour_productivity():
    """
    Real GRDP per employed person in the merged city (target: about +11 %/yr in 2026-2030).
    """
    return grdp() / city_employment()


@component.add(
    name="labour productivity growth",
    units="percent/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "percent_per_fraction": 1,
        "grdp_growth_rate": 1,
        "city_employment_growth_rate": 1,
        "one_year": 2,
    },
)
def labour_productivity_growth():
    """
    Year-on-year growth of the merged city's labour productivity (indicator).
    """
    return (
        percent_per_fraction()
        * (
            float(
                np.exp(
                    (grdp_growth_rate() - city_employment_growth_rate()) * one_year()
                )
            )
            - 1
        )
        / one_year()
    )


@component.add(
    name="city budget expenditure",
    units="bnVND/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"regional_city_budget_expenditure": 1},
)
def city_budget_expenditure():
    """
    The merged city's budget expenditure at 2013 prices.
    """
    return sum(
        regional_city_budget_expenditure().rename({"region": "region!"}),
        dim=["region!"],
    )


@component.add(
    name="population",
    units="person",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"regional_population": 1},
)
def population():
    """
    Population of the merged city.
    """
    return sum(regional_population().rename({"region": "region!"}), dim=["region!"])


@component.add(
    name="GRDP share",
    units="Dmnl",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"regional_grdp": 1, "grdp": 1},
)
def grdp_share():
    """
    Each region's share of the merged city's GRDP (splits the digital-transformation lever).
    """
    return zidz(regional_grdp(), grdp())


@component.add(
    name="employment share",
    units="Dmnl",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"employment": 1, "city_employment": 1},
)
def employment_share():
    """
    Each region's share of employment (splits the training lever).
    """
    return zidz(employment(), city_employment())


@component.add(
    name="regional ST budget share",
    units="percent",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"historical_st_budget_share": 1, "st_budget_share_policy": 1},
)
def regional_st_budget_share():
    """
    S&T allocation as a share of each region's budget expenditure: its historical trend, raised to the city-wide policy floor (the same floor in both parts of the merged budget).
    """
    return np.maximum(historical_st_budget_share(), st_budget_share_policy())


@component.add(
    name="historical ST budget share",
    units="percent",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "st_budget_share_2013": 1,
        "time": 1,
        "st_budget_share_drift": 1,
        "policy_start_year": 1,
        "initial_time": 1,
    },
)
def historical_st_budget_share():
    """
    Linear trend of the S&T budget share, held at its level in the policy start year.
    """
    return np.maximum(
        0,
        st_budget_share_2013()
        + st_budget_share_drift()
        * (float(np.minimum(time(), policy_start_year())) - initial_time()),
    )


@component.add(
    name="ST budget share 2013",
    units="percent",
    subscripts=["region"],
    comp_type="Constant",
    comp_subtype="Normal",
)
def st_budget_share_2013():
    """
    S&T budget share in 2013 (Hai Phong calibrated on its 2013-2023 mean; Hai Duong a prior: no spending share is published).
    """
    return xr.DataArray(
        [0.4135, 0.4], {"region": _subscript_dict["region"]}, ["region"]
    )


@component.add(
    name="ST budget share drift",
    units="percent/Year",
    subscripts=["region"],
    comp_type="Constant",
    comp_subtype="Normal",
)
def st_budget_share_drift():
    """
    Yearly change of the S&T budget share before the policy start year.
    """
    return xr.DataArray(
        [-0.0037, 0.0], {"region": _subscript_dict["region"]}, ["region"]
    )


@component.add(
    name="policy start year", units="Year", comp_type="Constant", comp_subtype="Normal"
)
def policy_start_year():
    """
    Year from which the historical trends are held and the levers apply.
    """
    return 2026


@component.add(
    name="ST budget share policy",
    units="percent",
    comp_type="Auxiliary",
    comp_subtype="with Lookup",
    depends_on={"time": 1},
)
def st_budget_share_policy():
    """
    Lever: minimum S&T budget share set by policy (a floor, as in Resolution 57), applied to the merged city's budget; 0 = no floor, the shares stay on their trends.
    """
    return np.interp(time(), [2013, 2035], [0, 0])


@component.add(
    name="public ST allocation",
    units="bnVND/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "regional_city_budget_expenditure": 1,
        "regional_st_budget_share": 1,
        "percent_per_fraction": 1,
    },
)
def public_st_allocation():
    """
    S&T money allocated in the budget at 2013 prices.
    """
    return (
        regional_city_budget_expenditure()
        * regional_st_budget_share()
        / percent_per_fraction()
    )


@component.add(
    name="disbursement capacity",
    units="bnVND/Year",
    subscripts=["region"],
    comp_type="Stateful",
    comp_subtype="Integ",
    depends_on={"_integ_disbursement_capacity": 1},
    other_deps={
        "_integ_disbursement_capacity": {
            "initial": {"public_st_allocation": 1},
            "step": {"capacity_building": 1},
        }
    },
)
def disbursement_capacity():
    """
    S&T money the agencies, institutes and programmes can spend in a year.
    """
    return _integ_disbursement_capacity()


_integ_disbursement_capacity = Integ(
    lambda: capacity_building(),
    lambda: public_st_allocation(),
    "_integ_disbursement_capacity",
)


@component.add(
    name="capacity building",
    units="bnVND/(Year*Year)",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "public_st_allocation": 1,
        "disbursement_capacity": 1,
        "disbursement_adjustment_time": 1,
    },
)
def capacity_building():
    """
    Capacity grows toward (or shrinks to) the allocation with a lag (loop B8).
    """
    return (
        public_st_allocation() - disbursement_capacity()
    ) / disbursement_adjustment_time()


@component.add(
    name="disbursement adjustment time",
    units="Year",
    comp_type="Constant",
    comp_subtype="Normal",
)
def disbursement_adjustment_time():
    """
    Time to build the capacity to spend extra S&T money (staff, calls, projects).
    """
    return 2.5


@component.add(
    name="disbursed ST budget",
    units="bnVND/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"public_st_allocation": 1, "disbursement_capacity": 1},
)
def disbursed_st_budget():
    """
    S&T budget actually spent; the rest lapses back to the budget.
    """
    return np.minimum(public_st_allocation(), disbursement_capacity())


@component.add(
    name="talent programme spending",
    units="bnVND/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"talent_programme_positions": 1, "cost_per_talent_position": 1},
)
def talent_programme_spending():
    """
    Budget cost of the researchers the talent programme funds.
    """
    return talent_programme_positions() * cost_per_talent_position()


@component.add(
    name="cost per talent position",
    units="bnVND/(researcher*Year)",
    comp_type="Constant",
    comp_subtype="Normal",
)
def cost_per_talent_position():
    """
    Yearly cost of one funded talent position at 2013 prices (salary, allowance, research grant).
    """
    return 0.5


@component.add(
    name="incubation spending",
    units="bnVND/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"science_park_incubation": 1, "cost_per_incubated_startup": 1},
)
def incubation_spending():
    """
    Budget cost of incubating startups in the science park and innovation centres.
    """
    return science_park_incubation() * cost_per_incubated_startup()


@component.add(
    name="cost per incubated startup",
    units="bnVND/startup",
    comp_type="Constant",
    comp_subtype="Normal",
)
def cost_per_incubated_startup():
    """
    Budget cost of incubating one startup at 2013 prices (space, services, seed grant).
    """
    return 2


@component.add(
    name="regional public ST spending",
    units="bnVND/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "disbursed_st_budget": 1,
        "talent_programme_spending": 1,
        "incubation_spending": 1,
    },
)
def regional_public_st_spending():
    """
    Budget spending on science and technology at 2013 prices, including talent positions and incubation.
    """
    return disbursed_st_budget() + talent_programme_spending() + incubation_spending()


@component.add(
    name="regional public ST spending nominal",
    units="bnVND/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"regional_public_st_spending": 1, "price_level": 1},
)
def regional_public_st_spending_nominal():
    """
    Budget spending on science and technology at current prices.
    """
    return regional_public_st_spending() * price_level()


@component.add(
    name="ST budget share",
    units="percent",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "percent_per_fraction": 1,
        "public_st_allocation": 1,
        "city_budget_expenditure": 1,
    },
)
def st_budget_share():
    """
    S&T allocation as a share of the merged city's budget expenditure (indicator; targets 2 % and 3 %).
    """
    return percent_per_fraction() * zidz(
        sum(public_st_allocation().rename({"region": "region!"}), dim=["region!"]),
        city_budget_expenditure(),
    )


@component.add(
    name="public ST spending",
    units="bnVND/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"regional_public_st_spending": 1},
)
def public_st_spending():
    """
    The merged city's budget spending on S&T at 2013 prices.
    """
    return sum(
        regional_public_st_spending().rename({"region": "region!"}), dim=["region!"]
    )


@component.add(
    name="public ST spending nominal",
    units="bnVND/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"public_st_spending": 1, "price_level": 1},
)
def public_st_spending_nominal():
    """
    The merged city's budget spending on S&T at current prices.
    """
    return public_st_spending() * price_level()


@component.add(
    name="research lever share",
    units="Dmnl",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"regional_researchers": 1, "researchers": 1},
)
def research_lever_share():
    """
    Each region's share of the city's researchers: the talent programme and the science park's incubation go where the research is.
    """
    return zidz(regional_researchers(), researchers())


@component.add(
    name="city ST outlays",
    units="bnVND/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"public_st_spending": 1, "vc_fund_capitalisation": 1},
)
def city_st_outlays():
    """
    All city budget money for S&T and innovation, including capital paid into the venture fund (the cost side of the multiplier).
    """
    return public_st_spending() + vc_fund_capitalisation()


@component.add(
    name="FDI linkage programme cost",
    units="bnVND/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"fdi_linkage_programme_spending": 1, "price_level": 1},
)
def fdi_linkage_programme_cost():
    """
    Cost of the supplier-development and technology-transfer programme at 2013 prices.
    """
    return fdi_linkage_programme_spending() / price_level()


@component.add(
    name="enterprise RD support cost",
    units="bnVND/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"enterprise_rd_support": 1, "price_level": 1},
)
def enterprise_rd_support_cost():
    """
    Cost of R&D tax credits and enterprise S&T fund grants at 2013 prices (forgone revenue counts as cost).
    """
    return enterprise_rd_support() / price_level()


@component.add(
    name="training programme cost",
    units="bnVND/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"training_programme_trainees": 1, "cost_per_trainee": 1},
)
def training_programme_cost():
    """
    Cost of the vocational training programme at 2013 prices.
    """
    return training_programme_trainees() * cost_per_trainee()


@component.add(
    name="digital transformation cost",
    units="bnVND/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"digital_transformation_spending": 1, "price_level": 1},
)
def digital_transformation_cost():
    """
    Cost of the city's digital-transformation programme at 2013 prices.
    """
    return digital_transformation_spending() / price_level()


@component.add(
    name="city policy cost",
    units="bnVND/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "city_st_outlays": 1,
        "fdi_linkage_programme_cost": 1,
        "enterprise_rd_support_cost": 1,
        "training_programme_cost": 1,
        "digital_transformation_cost": 1,
    },
)
def city_policy_cost():
    """
    Everything the levers cost the city budget per year at 2013 prices, the S&T budget included (subtract the baseline for the cost of a policy).
    """
    return (
        city_st_outlays()
        + fdi_linkage_programme_cost()
        + enterprise_rd_support_cost()
        + training_programme_cost()
        + digital_transformation_cost()
    )


@component.add(
    name="city policy cost nominal",
    units="bnVND/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"city_policy_cost": 1, "price_level": 1},
)
def city_policy_cost_nominal():
    """
    Everything the levers cost the city budget per year at current prices.
    """
    return city_policy_cost() * price_level()


@component.add(
    name="cofunded enterprise research",
    units="bnVND/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"disbursed_st_budget": 1, "cofunding_leverage": 1},
)
def cofunded_enterprise_research():
    """
    Enterprise and other non-budget money drawn into publicly funded S&T tasks.
    """
    return disbursed_st_budget() * cofunding_leverage()


@component.add(
    name="cofunding leverage", units="Dmnl", comp_type="Constant", comp_subtype="Normal"
)
def cofunding_leverage():
    """
    Non-budget money per unit of public S&T spending (S&T Development Fund).
    """
    return 0.64


@component.add(
    name="own enterprise research",
    units="bnVND/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "regional_innovating_enterprises": 1,
        "research_spending_per_innovating_enterprise": 1,
    },
)
def own_enterprise_research():
    """
    Research and development that innovating enterprises fund themselves.
    """
    return (
        regional_innovating_enterprises()
        * research_spending_per_innovating_enterprise()
    )


@component.add(
    name="research spending per innovating enterprise",
    units="bnVND/(firm*Year)",
    comp_type="Constant",
    comp_subtype="Normal",
)
def research_spending_per_innovating_enterprise():
    """
    Yearly own research spending of one innovating enterprise.
    """
    return 0.05


@component.add(
    name="enterprise RD support",
    units="bnVND/Year",
    comp_type="Auxiliary",
    comp_subtype="with Lookup",
    depends_on={"time": 1},
)
def enterprise_rd_support():
    """
    Lever: R&D tax credits and grants of enterprise S&T development funds, bn VND per year at current prices (0 = none). Split over the regions by their innovating enterprises.
    """
    return np.interp(time(), [2013, 2035], [0, 0])


@component.add(
    name="enterprise RD support to region",
    units="bnVND/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"enterprise_rd_support_cost": 1, "innovating_enterprise_share": 1},
)
def enterprise_rd_support_to_region():
    """
    Each region's part of the R&D support at 2013 prices.
    """
    return enterprise_rd_support_cost() * innovating_enterprise_share()


@component.add(
    name="innovating enterprise share",
    units="Dmnl",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"regional_innovating_enterprises": 1, "innovating_enterprises": 1},
)
def innovating_enterprise_share():
    """
    Each region's share of the city's innovating enterprises.
    """
    return zidz(regional_innovating_enterprises(), innovating_enterprises())


@component.add(
    name="targeted induced research",
    units="bnVND/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"enterprise_rd_support_to_region": 1, "rd_support_additionality": 1},
)
def targeted_induced_research():
    """
    Research that the support would add once firms have adjusted: support times additionality.
    """
    return enterprise_rd_support_to_region() * rd_support_additionality()


@component.add(
    name="RD support additionality",
    units="Dmnl",
    comp_type="Constant",
    comp_subtype="Normal",
)
def rd_support_additionality():
    """
    Extra enterprise R&D per VND of support, the support itself included (1 = no crowding out and no crowding in).
    """
    return 1


@component.add(
    name="induced enterprise research",
    units="bnVND/Year",
    subscripts=["region"],
    comp_type="Stateful",
    comp_subtype="Smooth",
    depends_on={"_smooth_induced_enterprise_research": 1},
    other_deps={
        "_smooth_induced_enterprise_research": {
            "initial": {"targeted_induced_research": 1},
            "step": {"targeted_induced_research": 1, "rd_support_response_time": 1},
        }
    },
)
def induced_enterprise_research():
    """
    Research added by the R&D incentives, as firms build up projects (first-order lag).
    """
    return _smooth_induced_enterprise_research()


_smooth_induced_enterprise_research = Smooth(
    lambda: targeted_induced_research(),
    lambda: xr.DataArray(
        rd_support_response_time(), {"region": _subscript_dict["region"]}, ["region"]
    ),
    lambda: targeted_induced_research(),
    lambda: 1,
    "_smooth_induced_enterprise_research",
)


@component.add(
    name="RD support response time",
    units="Year",
    comp_type="Constant",
    comp_subtype="Normal",
)
def rd_support_response_time():
    """
    Time for firms to adjust their R&D to the support.
    """
    return 2


@component.add(
    name="enterprise research spending",
    units="bnVND/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "cofunded_enterprise_research": 1,
        "own_enterprise_research": 1,
        "induced_enterprise_research": 1,
    },
)
def enterprise_research_spending():
    """
    Research spending by enterprises.
    """
    return (
        cofunded_enterprise_research()
        + own_enterprise_research()
        + induced_enterprise_research()
    )


@component.add(
    name="venture research spending",
    units="bnVND/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"regional_vc_investment": 1, "research_share_of_venture_investment": 1},
)
def venture_research_spending():
    """
    The part of venture money that startups spend on research and development.
    """
    return regional_vc_investment() * research_share_of_venture_investment()


@component.add(
    name="research share of venture investment",
    units="Dmnl",
    comp_type="Constant",
    comp_subtype="Normal",
)
def research_share_of_venture_investment():
    """
    Fraction of venture money startups spend on research (the rest goes to sales, hiring and operations).
    """
    return 0.3


@component.add(
    name="regional effective research spending",
    units="bnVND/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "regional_public_st_spending": 1,
        "enterprise_research_spending": 1,
        "venture_research_spending": 1,
    },
)
def regional_effective_research_spending():
    """
    Public, enterprise and venture money spent on research and innovation, each VND counted once.
    """
    return (
        regional_public_st_spending()
        + enterprise_research_spending()
        + venture_research_spending()
    )


@component.add(
    name="reference research spending",
    units="bnVND/Year",
    subscripts=["region"],
    comp_type="Stateful",
    comp_subtype="Initial",
    depends_on={"_initial_reference_research_spending": 1},
    other_deps={
        "_initial_reference_research_spending": {
            "initial": {"regional_effective_research_spending": 1},
            "step": {},
        }
    },
)
def reference_research_spending():
    """
    Effective research spending in 2013, the yardstick for research jobs.
    """
    return _initial_reference_research_spending()


_initial_reference_research_spending = Initial(
    lambda: regional_effective_research_spending(),
    "_initial_reference_research_spending",
)


@component.add(
    name="research intensity fraction",
    units="Dmnl",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"regional_effective_research_spending": 1, "regional_grdp": 1},
)
def research_intensity_fraction():
    """
    Effective research spending / GRDP in each region, as a fraction (in levels).
    """
    return zidz(regional_effective_research_spending(), regional_grdp())


@component.add(
    name="effective research spending",
    units="bnVND/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"regional_effective_research_spending": 1},
)
def effective_research_spending():
    """
    The merged city's effective research spending at 2013 prices.
    """
    return sum(
        regional_effective_research_spending().rename({"region": "region!"}),
        dim=["region!"],
    )


@component.add(
    name="research intensity",
    units="percent",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"percent_per_fraction": 1, "grdp": 1, "effective_research_spending": 1},
)
def research_intensity():
    """
    Effective research spending as a percentage of the merged city's GRDP (indicator; compared with Resolution 57's national 2 % of GDP for R&D).
    """
    return percent_per_fraction() * zidz(effective_research_spending(), grdp())


@component.add(
    name="VC fund capital",
    units="bnVND",
    comp_type="Stateful",
    comp_subtype="Integ",
    depends_on={"_integ_vc_fund_capital": 1},
    other_deps={
        "_integ_vc_fund_capital": {
            "initial": {"vc_fund_capital_2013": 1},
            "step": {"vc_fund_capitalisation": 1, "vc_fund_investment": 1},
        }
    },
)
def vc_fund_capital():
    """
    Uninvested capital of the city venture-capital fund (2013 prices).
    """
    return _integ_vc_fund_capital()


_integ_vc_fund_capital = Integ(
    lambda: vc_fund_capitalisation() - vc_fund_investment(),
    lambda: vc_fund_capital_2013(),
    "_integ_vc_fund_capital",
)


@component.add(
    name="VC fund capital 2013",
    units="bnVND",
    comp_type="Constant",
    comp_subtype="Normal",
)
def vc_fund_capital_2013():
    """
    The fund does not exist in 2013.
    """
    return 0


@component.add(
    name="VC fund capitalisation",
    units="bnVND/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "time": 2,
        "vc_fund_launch_year": 2,
        "vc_fund_capitalisation_period": 2,
        "vc_fund_size": 1,
        "price_level": 1,
    },
)
def vc_fund_capitalisation():
    """
    City budget money paid into the fund after its launch, at 2013 prices.
    """
    return if_then_else(
        np.logical_and(
            time() >= vc_fund_launch_year(),
            time() < vc_fund_launch_year() + vc_fund_capitalisation_period(),
        ),
        lambda: vc_fund_size() / vc_fund_capitalisation_period() / price_level(),
        lambda: 0,
    )


@component.add(
    name="VC fund size", units="bnVND", comp_type="Constant", comp_subtype="Normal"
)
def vc_fund_size():
    """
    Lever: city budget capital of the venture-capital fund, bn VND at current prices (0 = no fund).
    """
    return 0


@component.add(
    name="VC fund launch year",
    units="Year",
    comp_type="Constant",
    comp_subtype="Normal",
)
def vc_fund_launch_year():
    """
    Lever: year the city venture-capital fund starts.
    """
    return 2026


@component.add(
    name="VC fund capitalisation period",
    units="Year",
    comp_type="Constant",
    comp_subtype="Normal",
)
def vc_fund_capitalisation_period():
    """
    Years over which the city pays the fund's capital in.
    """
    return 2


@component.add(
    name="VC fund investment",
    units="bnVND/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"vc_fund_capital": 1, "vc_deployment_time": 1},
)
def vc_fund_investment():
    """
    Fund money invested in startups.
    """
    return vc_fund_capital() / vc_deployment_time()


@component.add(
    name="VC deployment time", units="Year", comp_type="Constant", comp_subtype="Normal"
)
def vc_deployment_time():
    """
    Average time for the fund to invest its capital.
    """
    return 3


@component.add(
    name="private VC coinvestment",
    units="bnVND/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"vc_fund_investment": 1, "private_coinvestment_ratio": 1},
)
def private_vc_coinvestment():
    """
    Private money invested alongside the city fund.
    """
    return vc_fund_investment() * private_coinvestment_ratio()


@component.add(
    name="private coinvestment ratio",
    units="Dmnl",
    comp_type="Constant",
    comp_subtype="Normal",
)
def private_coinvestment_ratio():
    """
    Private venture money per unit of city fund investment.
    """
    return 1


@component.add(
    name="private VC attracted",
    units="bnVND/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "private_vc_market_capacity": 2,
        "startup_graduation": 1,
        "private_vc_per_graduated_startup": 1,
    },
)
def private_vc_attracted():
    """
    Private venture money drawn by the city's successful startups (loop R4), saturating at what the regional venture market can offer (loop B5).
    """
    return private_vc_market_capacity() * (
        1
        - float(
            np.exp(
                -sum(
                    startup_graduation().rename({"region": "region!"}), dim=["region!"]
                )
                * private_vc_per_graduated_startup()
                / private_vc_market_capacity()
            )
        )
    )


@component.add(
    name="private VC market capacity",
    units="bnVND/Year",
    comp_type="Constant",
    comp_subtype="Normal",
)
def private_vc_market_capacity():
    """
    Most private venture money the city's startups can draw in a year.
    """
    return 300


@component.add(
    name="private VC per graduated startup",
    units="bnVND/startup",
    comp_type="Constant",
    comp_subtype="Normal",
)
def private_vc_per_graduated_startup():
    """
    Private venture money attracted by each startup that graduates.
    """
    return 1


@component.add(
    name="VC investment total",
    units="bnVND/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "vc_fund_investment": 1,
        "private_vc_coinvestment": 1,
        "private_vc_attracted": 1,
    },
)
def vc_investment_total():
    """
    All venture money invested in the city's startups.
    """
    return vc_fund_investment() + private_vc_coinvestment() + private_vc_attracted()


@component.add(
    name="regional VC investment",
    units="bnVND/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"vc_investment_total": 1, "startup_share": 1},
)
def regional_vc_investment():
    """
    Venture money reaching each region's startups, in proportion to its startups (deal flow).
    """
    return vc_investment_total() * startup_share()


@component.add(
    name="startup share",
    units="Dmnl",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"regional_innovative_startups": 1, "innovative_startups": 1},
)
def startup_share():
    """
    Each region's share of the city's innovative startups.
    """
    return zidz(regional_innovative_startups(), innovative_startups())


@component.add(
    name="regional innovative startups",
    units="startup",
    subscripts=["region"],
    comp_type="Stateful",
    comp_subtype="Integ",
    depends_on={"_integ_regional_innovative_startups": 1},
    other_deps={
        "_integ_regional_innovative_startups": {
            "initial": {"innovative_startups_2013": 1},
            "step": {
                "startup_formation": 1,
                "startup_failure": 1,
                "startup_graduation": 1,
            },
        }
    },
)
def regional_innovative_startups():
    """
    Active innovative startups.
    """
    return _integ_regional_innovative_startups()


_integ_regional_innovative_startups = Integ(
    lambda: startup_formation() - startup_failure() - startup_graduation(),
    lambda: innovative_startups_2013(),
    "_integ_regional_innovative_startups",
)


@component.add(
    name="innovative startups 2013",
    units="startup",
    subscripts=["region"],
    comp_type="Constant",
    comp_subtype="Normal",
)
def innovative_startups_2013():
    """
    Active innovative startups in 2013.
    """
    return xr.DataArray([20.0, 5.0], {"region": _subscript_dict["region"]}, ["region"])


@component.add(
    name="startup formation",
    units="startup/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "research_spinoff_formation": 1,
        "regional_startups_supported": 1,
        "vc_financed_startup_formation": 1,
    },
)
def startup_formation():
    """
    New innovative startups per year.
    """
    return (
        research_spinoff_formation()
        + regional_startups_supported()
        + vc_financed_startup_formation()
    )


@component.add(
    name="research spinoff formation",
    units="startup/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"regional_researchers": 1, "startup_spinoff_rate": 1},
)
def research_spinoff_formation():
    """
    Startups founded out of research without city support.
    """
    return regional_researchers() * startup_spinoff_rate()


@component.add(
    name="startup spinoff rate",
    units="startup/(researcher*Year)",
    comp_type="Constant",
    comp_subtype="Normal",
)
def startup_spinoff_rate():
    """
    Startups founded per researcher per year.
    """
    return 0.008


@component.add(
    name="regional startups supported",
    units="startup/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "startup_support_programme_capacity": 1,
        "time": 1,
        "startup_support_programme_start": 1,
        "science_park_incubation": 1,
    },
)
def regional_startups_supported():
    """
    Startup projects selected for support by the city programmes and the science park.
    """
    return (
        startup_support_programme_capacity()
        * step(__data["time"], 1, startup_support_programme_start())
        + science_park_incubation()
    )


@component.add(
    name="startup support programme capacity",
    units="startup/Year",
    subscripts=["region"],
    comp_type="Constant",
    comp_subtype="Normal",
)
def startup_support_programme_capacity():
    """
    Startup projects the city programme supports per year (Hai Phong: 35 in 2017-2022; Hai Duong: no programme documented).
    """
    return xr.DataArray([5.83, 0.0], {"region": _subscript_dict["region"]}, ["region"])


@component.add(
    name="startup support programme start",
    units="Year",
    comp_type="Constant",
    comp_subtype="Normal",
)
def startup_support_programme_start():
    """
    First year of Hai Phong's startup support programme.
    """
    return 2017


@component.add(
    name="science park incubation capacity",
    units="startup/Year",
    comp_type="Auxiliary",
    comp_subtype="with Lookup",
    depends_on={"time": 1},
)
def science_park_incubation_capacity():
    """
    Lever: startups incubated per year by the science park and innovation centres, split over the regions by their researchers.
    """
    return np.interp(time(), [2013, 2035], [0, 0])


@component.add(
    name="science park incubation",
    units="startup/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"science_park_incubation_capacity": 1, "research_lever_share": 1},
)
def science_park_incubation():
    """
    Each region's part of the science park's incubation.
    """
    return science_park_incubation_capacity() * research_lever_share()


@component.add(
    name="regional cumulative startups supported",
    units="startup",
    subscripts=["region"],
    comp_type="Stateful",
    comp_subtype="Integ",
    depends_on={"_integ_regional_cumulative_startups_supported": 1},
    other_deps={
        "_integ_regional_cumulative_startups_supported": {
            "initial": {"cumulative_startups_supported_2013": 1},
            "step": {"regional_startups_supported": 1},
        }
    },
)
def regional_cumulative_startups_supported():
    """
    Startup projects supported since 2013.
    """
    return _integ_regional_cumulative_startups_supported()


_integ_regional_cumulative_startups_supported = Integ(
    lambda: regional_startups_supported(),
    lambda: xr.DataArray(
        cumulative_startups_supported_2013(),
        {"region": _subscript_dict["region"]},
        ["region"],
    ),
    "_integ_regional_cumulative_startups_supported",
)


@component.add(
    name="cumulative startups supported 2013",
    units="startup",
    comp_type="Constant",
    comp_subtype="Normal",
)
def cumulative_startups_supported_2013():
    """
    Counting starts in 2013.
    """
    return 0


@component.add(
    name="VC financed startup formation",
    units="startup/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"regional_vc_investment": 1, "investment_per_startup": 1},
)
def vc_financed_startup_formation():
    """
    Startups financed by venture money.
    """
    return regional_vc_investment() / investment_per_startup()


@component.add(
    name="investment per startup",
    units="bnVND/startup",
    comp_type="Constant",
    comp_subtype="Normal",
)
def investment_per_startup():
    """
    Venture money needed to finance one startup.
    """
    return 5


@component.add(
    name="startup exits",
    units="startup/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"regional_innovative_startups": 1, "startup_lifetime": 1},
)
def startup_exits():
    """
    Startups leaving the startup stage, by failure or graduation.
    """
    return regional_innovative_startups() / startup_lifetime()


@component.add(
    name="startup lifetime", units="Year", comp_type="Constant", comp_subtype="Normal"
)
def startup_lifetime():
    """
    Average years a startup spends before it fails or graduates.
    """
    return 4


@component.add(
    name="startup graduation",
    units="startup/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"startup_exits": 1, "startup_success_fraction": 1},
)
def startup_graduation():
    """
    Startups that become established innovating enterprises.
    """
    return startup_exits() * startup_success_fraction()


@component.add(
    name="startup failure",
    units="startup/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"startup_exits": 1, "startup_success_fraction": 1},
)
def startup_failure():
    """
    Startups that close.
    """
    return startup_exits() * (1 - startup_success_fraction())


@component.add(
    name="startup success fraction",
    units="Dmnl",
    comp_type="Constant",
    comp_subtype="Normal",
)
def startup_success_fraction():
    """
    Fraction of startup exits that are graduations.
    """
    return 0.4


@component.add(
    name="firms per startup",
    units="firm/startup",
    comp_type="Constant",
    comp_subtype="Normal",
)
def firms_per_startup():
    """
    Unit conversion: a graduated startup is one enterprise.
    """
    return 1


@component.add(
    name="innovative startups",
    units="startup",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"regional_innovative_startups": 1},
)
def innovative_startups():
    """
    Active innovative startups in the merged city (indicator; 2030 target 400).
    """
    return sum(
        regional_innovative_startups().rename({"region": "region!"}), dim=["region!"]
    )


@component.add(
    name="startups supported",
    units="startup/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"regional_startups_supported": 1},
)
def startups_supported():
    """
    Startup projects supported per year in the merged city.
    """
    return sum(
        regional_startups_supported().rename({"region": "region!"}), dim=["region!"]
    )


@component.add(
    name="cumulative startups supported",
    units="startup",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"regional_cumulative_startups_supported": 1},
)
def cumulative_startups_supported():
    """
    Startup projects supported since 2013 in the merged city (2030 target: at least 60).
    """
    return sum(
        regional_cumulative_startups_supported().rename({"region": "region!"}),
        dim=["region!"],
    )


@component.add(
    name="noninnovating enterprises",
    units="firm",
    subscripts=["region"],
    comp_type="Stateful",
    comp_subtype="Integ",
    depends_on={"_integ_noninnovating_enterprises": 1},
    other_deps={
        "_integ_noninnovating_enterprises": {
            "initial": {"enterprises_2013": 1, "innovating_share_2013": 1},
            "step": {
                "enterprise_entry": 1,
                "innovation_adoption": 1,
                "innovation_lapse": 1,
                "noninnovating_exit": 1,
            },
        }
    },
)
def noninnovating_enterprises():
    """
    Enterprises without innovation activity.
    """
    return _integ_noninnovating_enterprises()


_integ_noninnovating_enterprises = Integ(
    lambda: enterprise_entry()
    - innovation_adoption()
    + innovation_lapse()
    - noninnovating_exit(),
    lambda: enterprises_2013() * (1 - innovating_share_2013()),
    "_integ_noninnovating_enterprises",
)


@component.add(
    name="regional innovating enterprises",
    units="firm",
    subscripts=["region"],
    comp_type="Stateful",
    comp_subtype="Integ",
    depends_on={"_integ_regional_innovating_enterprises": 1},
    other_deps={
        "_integ_regional_innovating_enterprises": {
            "initial": {"enterprises_2013": 1, "innovating_share_2013": 1},
            "step": {
                "innovation_adoption": 1,
                "graduated_startup_entry": 1,
                "innovation_lapse": 1,
                "innovating_exit": 1,
            },
        }
    },
)
def regional_innovating_enterprises():
    """
    Enterprises with innovation activity.
    """
    return _integ_regional_innovating_enterprises()


_integ_regional_innovating_enterprises = Integ(
    lambda: innovation_adoption()
    + graduated_startup_entry()
    - innovation_lapse()
    - innovating_exit(),
    lambda: enterprises_2013() * innovating_share_2013(),
    "_integ_regional_innovating_enterprises",
)


@component.add(
    name="enterprises 2013",
    units="firm",
    subscripts=["region"],
    comp_type="Constant",
    comp_subtype="Normal",
)
def enterprises_2013():
    """
    Active enterprises in 2013: Hai Duong back-cast from nearly 9,500 (2018) at the model's 6 %/yr net growth; Hai Phong the rest of the merged city's nearly 50,000 in 2025 back-cast the same way.
    """
    return xr.DataArray(
        [17700.0, 7100.0], {"region": _subscript_dict["region"]}, ["region"]
    )


@component.add(
    name="innovating share 2013",
    units="Dmnl",
    subscripts=["region"],
    comp_type="Constant",
    comp_subtype="Normal",
)
def innovating_share_2013():
    """
    Fraction of enterprises with innovation activity in 2013.
    """
    return xr.DataArray([0.1, 0.07], {"region": _subscript_dict["region"]}, ["region"])


@component.add(
    name="regional total enterprises",
    units="firm",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"noninnovating_enterprises": 1, "regional_innovating_enterprises": 1},
)
def regional_total_enterprises():
    """
    Active enterprises.
    """
    return noninnovating_enterprises() + regional_innovating_enterprises()


@component.add(
    name="enterprise entry",
    units="firm/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"regional_total_enterprises": 1, "enterprise_entry_rate": 1},
)
def enterprise_entry():
    """
    New enterprises per year.
    """
    return regional_total_enterprises() * enterprise_entry_rate()


@component.add(
    name="enterprise entry rate",
    units="1/Year",
    comp_type="Constant",
    comp_subtype="Normal",
)
def enterprise_entry_rate():
    """
    New enterprises per existing enterprise per year.
    """
    return 0.12


@component.add(
    name="noninnovating exit",
    units="firm/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"noninnovating_enterprises": 1, "enterprise_exit_rate": 1},
)
def noninnovating_exit():
    """
    Non-innovating enterprises closing per year.
    """
    return noninnovating_enterprises() * enterprise_exit_rate()


@component.add(
    name="innovating exit",
    units="firm/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"regional_innovating_enterprises": 1, "enterprise_exit_rate": 1},
)
def innovating_exit():
    """
    Innovating enterprises closing per year.
    """
    return regional_innovating_enterprises() * enterprise_exit_rate()


@component.add(
    name="enterprise exit rate",
    units="1/Year",
    comp_type="Constant",
    comp_subtype="Normal",
)
def enterprise_exit_rate():
    """
    Fraction of enterprises closing per year.
    """
    return 0.06


@component.add(
    name="graduated startup entry",
    units="firm/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"startup_graduation": 1, "firms_per_startup": 1},
)
def graduated_startup_entry():
    """
    Graduated startups joining the innovating enterprises.
    """
    return startup_graduation() * firms_per_startup()


@component.add(
    name="innovation adoption",
    units="firm/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "noninnovating_enterprises": 1,
        "imitation_rate": 1,
        "external_adoption_rate": 1,
        "innovating_fraction": 1,
    },
)
def innovation_adoption():
    """
    Enterprises starting innovation activity (Bass diffusion; loops R2 and B2).
    """
    return noninnovating_enterprises() * (
        external_adoption_rate() + imitation_rate() * innovating_fraction()
    )


@component.add(
    name="external adoption rate",
    units="1/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"base_external_adoption_rate": 1, "support_effect_on_adoption": 1},
)
def external_adoption_rate():
    """
    Adoption prompted by public support rather than by imitation.
    """
    return base_external_adoption_rate() * support_effect_on_adoption()


@component.add(
    name="base external adoption rate",
    units="1/Year",
    comp_type="Constant",
    comp_subtype="Normal",
)
def base_external_adoption_rate():
    """
    External adoption rate at the 2013 level of public support (Bass p).
    """
    return 0.01


@component.add(
    name="support effect on adoption",
    units="Dmnl",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "public_support_per_enterprise": 1,
        "reference_public_support_per_enterprise": 1,
        "support_elasticity_of_adoption": 1,
    },
)
def support_effect_on_adoption():
    """
    Effect of public S&T spending per enterprise on adoption, relative to 2013.
    """
    return (
        xidz(
            public_support_per_enterprise(),
            reference_public_support_per_enterprise(),
            1,
        )
        ** support_elasticity_of_adoption()
    )


@component.add(
    name="public support per enterprise",
    units="bnVND/(firm*Year)",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"regional_public_st_spending": 1, "regional_total_enterprises": 1},
)
def public_support_per_enterprise():
    """
    Public S&T spending per enterprise.
    """
    return regional_public_st_spending() / regional_total_enterprises()


@component.add(
    name="reference public support per enterprise",
    units="bnVND/(firm*Year)",
    subscripts=["region"],
    comp_type="Stateful",
    comp_subtype="Initial",
    depends_on={"_initial_reference_public_support_per_enterprise": 1},
    other_deps={
        "_initial_reference_public_support_per_enterprise": {
            "initial": {"public_support_per_enterprise": 1},
            "step": {},
        }
    },
)
def reference_public_support_per_enterprise():
    """
    Public S&T spending per enterprise in 2013, where the support effect is 1.
    """
    return _initial_reference_public_support_per_enterprise()


_initial_reference_public_support_per_enterprise = Initial(
    lambda: public_support_per_enterprise(),
    "_initial_reference_public_support_per_enterprise",
)


@component.add(
    name="support elasticity of adoption",
    units="Dmnl",
    comp_type="Constant",
    comp_subtype="Normal",
)
def support_elasticity_of_adoption():
    """
    Elasticity of external adoption to public support per enterprise.
    """
    return 0.3


@component.add(
    name="imitation rate", units="1/Year", comp_type="Constant", comp_subtype="Normal"
)
def imitation_rate():
    """
    Adoption by imitation of innovating peers at full diffusion (Bass q).
    """
    return 0.35


@component.add(
    name="innovation lapse",
    units="firm/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"regional_innovating_enterprises": 1, "innovation_lapse_rate": 1},
)
def innovation_lapse():
    """
    Innovating enterprises that stop innovation activity.
    """
    return regional_innovating_enterprises() * innovation_lapse_rate()


@component.add(
    name="innovation lapse rate",
    units="1/Year",
    comp_type="Constant",
    comp_subtype="Normal",
)
def innovation_lapse_rate():
    """
    Fraction of innovating enterprises that stop per year.
    """
    return 0.15


@component.add(
    name="innovating fraction",
    units="Dmnl",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"regional_innovating_enterprises": 1, "regional_total_enterprises": 1},
)
def innovating_fraction():
    """
    Fraction of enterprises with innovation activity (in levels, it enters absorptive capacity).
    """
    return zidz(regional_innovating_enterprises(), regional_total_enterprises())


@component.add(
    name="innovating fraction growth rate",
    units="1/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "innovation_adoption": 1,
        "graduated_startup_entry": 2,
        "innovation_lapse": 1,
        "innovating_exit": 2,
        "regional_innovating_enterprises": 1,
        "noninnovating_exit": 1,
        "regional_total_enterprises": 1,
        "enterprise_entry": 1,
    },
)
def innovating_fraction_growth_rate():
    """
    Relative change of the innovating fraction.
    """
    return (
        zidz(
            innovation_adoption()
            + graduated_startup_entry()
            - innovation_lapse()
            - innovating_exit(),
            regional_innovating_enterprises(),
        )
        - (
            enterprise_entry()
            + graduated_startup_entry()
            - noninnovating_exit()
            - innovating_exit()
        )
        / regional_total_enterprises()
    )


@component.add(
    name="regional enterprise innovation rate",
    units="percent",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"percent_per_fraction": 1, "innovating_fraction": 1},
)
def regional_enterprise_innovation_rate():
    """
    Share of enterprises with innovation activity in each region.
    """
    return percent_per_fraction() * innovating_fraction()


@component.add(
    name="innovating enterprises",
    units="firm",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"regional_innovating_enterprises": 1},
)
def innovating_enterprises():
    """
    Innovating enterprises in the merged city.
    """
    return sum(
        regional_innovating_enterprises().rename({"region": "region!"}), dim=["region!"]
    )


@component.add(
    name="total enterprises",
    units="firm",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"regional_total_enterprises": 1},
)
def total_enterprises():
    """
    Active enterprises in the merged city.
    """
    return sum(
        regional_total_enterprises().rename({"region": "region!"}), dim=["region!"]
    )


@component.add(
    name="enterprise innovation rate",
    units="percent",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "percent_per_fraction": 1,
        "total_enterprises": 1,
        "innovating_enterprises": 1,
    },
)
def enterprise_innovation_rate():
    """
    Share of the merged city's enterprises with innovation activity (indicator; 2030 target 30-40 %).
    """
    return percent_per_fraction() * zidz(innovating_enterprises(), total_enterprises())


@component.add(
    name="regional researchers",
    units="researcher",
    subscripts=["region"],
    comp_type="Stateful",
    comp_subtype="Integ",
    depends_on={"_integ_regional_researchers": 1},
    other_deps={
        "_integ_regional_researchers": {
            "initial": {"initial_researchers": 1},
            "step": {
                "researcher_hiring": 1,
                "talent_programme_inflow_to_region": 1,
                "researcher_attrition": 1,
            },
        }
    },
)
def regional_researchers():
    """
    Full-time-equivalent researchers.
    """
    return _integ_regional_researchers()


_integ_regional_researchers = Integ(
    lambda: researcher_hiring()
    + talent_programme_inflow_to_region()
    - researcher_attrition(),
    lambda: initial_researchers(),
    "_integ_regional_researchers",
)


@component.add(
    name="initial researchers",
    units="researcher",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "researcher_density_2013": 1,
        "population_2013": 1,
        "people_per_ten_thousand": 1,
    },
)
def initial_researchers():
    """
    Researchers in 2013.
    """
    return researcher_density_2013() * population_2013() / people_per_ten_thousand()


@component.add(
    name="researcher density 2013",
    units="researcher/TenThousandPeople",
    subscripts=["region"],
    comp_type="Constant",
    comp_subtype="Normal",
)
def researcher_density_2013():
    """
    Full-time-equivalent researchers per 10,000 people in 2013 (assumptions: no series for either region; Hai Duong had 250 PhDs and 3,000 master's holders living or working there in 2022).
    """
    return xr.DataArray([6.0, 2.0], {"region": _subscript_dict["region"]}, ["region"])


@component.add(
    name="people per ten thousand",
    units="person/TenThousandPeople",
    comp_type="Constant",
    comp_subtype="Normal",
)
def people_per_ten_thousand():
    """
    Unit conversion for densities per 10,000 people.
    """
    return 10000


@component.add(
    name="regional population",
    units="person",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "population_2013": 1,
        "time": 1,
        "initial_time": 1,
        "population_growth_rate": 1,
    },
)
def regional_population():
    """
    Population (exogenous path).
    """
    return population_2013() * np.exp(
        population_growth_rate() * (time() - initial_time())
    )


@component.add(
    name="population 2013",
    units="person",
    subscripts=["region"],
    comp_type="Constant",
    comp_subtype="Normal",
)
def population_2013():
    """
    Population in 2013: Hai Phong from 1,858,290 (2011) at its 2011-2021 growth of 0.94 %/yr; Hai Duong 1,751.8 thousand (statistics table).
    """
    return xr.DataArray(
        [1893400.0, 1751800.0], {"region": _subscript_dict["region"]}, ["region"]
    )


@component.add(
    name="population growth rate",
    units="1/Year",
    subscripts=["region"],
    comp_type="Constant",
    comp_subtype="Normal",
)
def population_growth_rate():
    """
    Yearly population growth.
    """
    return xr.DataArray(
        [0.0094, 0.011], {"region": _subscript_dict["region"]}, ["region"]
    )


@component.add(
    name="regional researcher density",
    units="researcher/TenThousandPeople",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "regional_researchers": 1,
        "regional_population": 1,
        "people_per_ten_thousand": 1,
    },
)
def regional_researcher_density():
    """
    FTE researchers per 10,000 people (in levels, it enters absorptive capacity).
    """
    return regional_researchers() / regional_population() * people_per_ten_thousand()


@component.add(
    name="desired researchers",
    units="researcher",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "initial_researchers": 1,
        "regional_effective_research_spending": 1,
        "reference_research_spending": 1,
        "research_job_elasticity": 1,
        "talent_programme_positions": 1,
    },
)
def desired_researchers():
    """
    Research jobs that research spending pays for (loop R3), plus the positions the talent programme funds.
    """
    return (
        initial_researchers()
        * xidz(regional_effective_research_spending(), reference_research_spending(), 1)
        ** research_job_elasticity()
        + talent_programme_positions()
    )


@component.add(
    name="research job elasticity",
    units="Dmnl",
    comp_type="Constant",
    comp_subtype="Normal",
)
def research_job_elasticity():
    """
    Elasticity of research jobs to research spending.
    """
    return 0.35


@component.add(
    name="researcher hiring",
    units="researcher/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "researcher_supply": 1,
        "researcher_attrition": 1,
        "desired_researchers": 1,
        "researcher_hiring_time": 1,
        "regional_researchers": 1,
    },
)
def researcher_hiring():
    """
    Researchers hired, replacing leavers and closing the gap to the jobs available, limited by the graduates who choose research.
    """
    return np.minimum(
        researcher_supply(),
        np.maximum(
            0,
            researcher_attrition()
            + (desired_researchers() - regional_researchers())
            / researcher_hiring_time(),
        ),
    )


@component.add(
    name="researcher hiring time",
    units="Year",
    comp_type="Constant",
    comp_subtype="Normal",
)
def researcher_hiring_time():
    """
    Average time to fill a research job.
    """
    return 2


@component.add(
    name="researcher supply",
    units="researcher/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"university_graduates": 1, "research_career_share": 1},
)
def researcher_supply():
    """
    Graduates available for research jobs per year.
    """
    return university_graduates() * research_career_share()


@component.add(
    name="university graduates",
    units="person/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "university_graduates_2013": 1,
        "regional_population": 1,
        "population_2013": 1,
    },
)
def university_graduates():
    """
    University graduates per year.
    """
    return university_graduates_2013() * regional_population() / population_2013()


@component.add(
    name="university graduates 2013",
    units="person/Year",
    subscripts=["region"],
    comp_type="Constant",
    comp_subtype="Normal",
)
def university_graduates_2013():
    """
    University graduates in 2013 (assumptions; together about 20,000 a year in the merged city in 2025).
    """
    return xr.DataArray(
        [12000.0, 5800.0], {"region": _subscript_dict["region"]}, ["region"]
    )


@component.add(
    name="research career share",
    units="researcher/person",
    comp_type="Constant",
    comp_subtype="Normal",
)
def research_career_share():
    """
    Fraction of graduates who can be hired as researchers.
    """
    return 0.04


@component.add(
    name="talent programme inflow",
    units="researcher/Year",
    comp_type="Auxiliary",
    comp_subtype="with Lookup",
    depends_on={"time": 1},
)
def talent_programme_inflow():
    """
    Lever: researchers attracted per year by the city talent programme, split over the regions by their researchers.
    """
    return np.interp(time(), [2013, 2035], [0, 0])


@component.add(
    name="talent programme inflow to region",
    units="researcher/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"talent_programme_inflow": 1, "research_lever_share": 1},
)
def talent_programme_inflow_to_region():
    """
    Each region's part of the talent programme's researchers.
    """
    return talent_programme_inflow() * research_lever_share()


@component.add(
    name="talent programme positions",
    units="researcher",
    subscripts=["region"],
    comp_type="Stateful",
    comp_subtype="Integ",
    depends_on={"_integ_talent_programme_positions": 1},
    other_deps={
        "_integ_talent_programme_positions": {
            "initial": {"talent_programme_positions_2013": 1},
            "step": {"talent_position_creation": 1, "talent_position_turnover": 1},
        }
    },
)
def talent_programme_positions():
    """
    Research positions funded by the talent programme.
    """
    return _integ_talent_programme_positions()


_integ_talent_programme_positions = Integ(
    lambda: talent_position_creation() - talent_position_turnover(),
    lambda: xr.DataArray(
        talent_programme_positions_2013(),
        {"region": _subscript_dict["region"]},
        ["region"],
    ),
    "_integ_talent_programme_positions",
)


@component.add(
    name="talent programme positions 2013",
    units="researcher",
    comp_type="Constant",
    comp_subtype="Normal",
)
def talent_programme_positions_2013():
    """
    No talent programme in 2013.
    """
    return 0


@component.add(
    name="talent position creation",
    units="researcher/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"talent_programme_inflow_to_region": 1},
)
def talent_position_creation():
    """
    Positions the talent programme opens: one for each researcher it attracts.
    """
    return talent_programme_inflow_to_region()


@component.add(
    name="talent position turnover",
    units="researcher/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"talent_programme_positions": 1, "normal_researcher_attrition_rate": 1},
)
def talent_position_turnover():
    """
    Programme positions ending as their holders retire or move on.
    """
    return talent_programme_positions() * normal_researcher_attrition_rate()


@component.add(
    name="researcher attrition",
    units="researcher/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "regional_researchers": 1,
        "brain_drain_rate": 1,
        "normal_researcher_attrition_rate": 1,
    },
)
def researcher_attrition():
    """
    Researchers leaving research or the region.
    """
    return regional_researchers() * (
        normal_researcher_attrition_rate() + brain_drain_rate()
    )


@component.add(
    name="normal researcher attrition rate",
    units="1/Year",
    comp_type="Constant",
    comp_subtype="Normal",
)
def normal_researcher_attrition_rate():
    """
    Retirement and career changes.
    """
    return 0.04


@component.add(
    name="brain drain rate",
    units="1/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "base_brain_drain_rate": 1,
        "brain_drain_elasticity": 1,
        "reference_research_spending_per_researcher": 1,
        "brain_drain_cap": 2,
        "research_spending_per_researcher": 1,
    },
)
def brain_drain_rate():
    """
    Researchers leaving for Hanoi, Ho Chi Minh City or abroad (loop B4).
    """
    return (
        base_brain_drain_rate()
        * np.minimum(
            brain_drain_cap(),
            xidz(
                reference_research_spending_per_researcher(),
                research_spending_per_researcher(),
                brain_drain_cap(),
            ),
        )
        ** brain_drain_elasticity()
    )


@component.add(
    name="base brain drain rate",
    units="1/Year",
    comp_type="Constant",
    comp_subtype="Normal",
)
def base_brain_drain_rate():
    """
    Brain drain at the 2013 research spending per researcher.
    """
    return 0.03


@component.add(
    name="brain drain elasticity",
    units="Dmnl",
    comp_type="Constant",
    comp_subtype="Normal",
)
def brain_drain_elasticity():
    """
    Response of brain drain to research spending per researcher.
    """
    return 1


@component.add(
    name="research spending per researcher",
    units="bnVND/(researcher*Year)",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"regional_effective_research_spending": 1, "regional_researchers": 1},
)
def research_spending_per_researcher():
    """
    Research money per researcher.
    """
    return zidz(regional_effective_research_spending(), regional_researchers())


@component.add(
    name="reference research spending per researcher",
    units="bnVND/(researcher*Year)",
    subscripts=["region"],
    comp_type="Stateful",
    comp_subtype="Initial",
    depends_on={"_initial_reference_research_spending_per_researcher": 1},
    other_deps={
        "_initial_reference_research_spending_per_researcher": {
            "initial": {"research_spending_per_researcher": 1},
            "step": {},
        }
    },
)
def reference_research_spending_per_researcher():
    """
    Research money per researcher in 2013, where brain drain is at its base rate.
    """
    return _initial_reference_research_spending_per_researcher()


_initial_reference_research_spending_per_researcher = Initial(
    lambda: research_spending_per_researcher(),
    "_initial_reference_research_spending_per_researcher",
)


@component.add(
    name="brain drain cap", units="Dmnl", comp_type="Constant", comp_subtype="Normal"
)
def brain_drain_cap():
    """
    Brain drain is at most this multiple of its base rate, however poorly research is paid.
    """
    return 3


@component.add(
    name="researchers",
    units="researcher",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"regional_researchers": 1},
)
def researchers():
    """
    FTE researchers in the merged city.
    """
    return sum(regional_researchers().rename({"region": "region!"}), dim=["region!"])


@component.add(
    name="researcher density",
    units="researcher/TenThousandPeople",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"researchers": 1, "population": 1, "people_per_ten_thousand": 1},
)
def researcher_density():
    """
    FTE researchers per 10,000 people in the merged city.
    """
    return researchers() / population() * people_per_ten_thousand()


@component.add(
    name="RD workforce density",
    units="person/TenThousandPeople",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"researcher_density": 1, "rd_headcount_per_fte_researcher": 1},
)
def rd_workforce_density():
    """
    Research, technology-development and innovation staff (headcount) per 10,000 people: the target's '12 người/vạn dân' counts people, not full-time equivalents (indicator; 2030 target 12).
    """
    return researcher_density() * rd_headcount_per_fte_researcher()


@component.add(
    name="RD headcount per FTE researcher",
    units="person/researcher",
    comp_type="Constant",
    comp_subtype="Normal",
)
def rd_headcount_per_fte_researcher():
    """
    Headcount of R&D and innovation staff per FTE researcher (Vietnam: 134,780 R&D personnel against 67,223 FTE researchers in 2011; 167,746 against 72,991 later).
    """
    return 2.2


@component.add(
    name="trained workers",
    units="person",
    subscripts=["region"],
    comp_type="Stateful",
    comp_subtype="Integ",
    depends_on={"_integ_trained_workers": 1},
    other_deps={
        "_integ_trained_workers": {
            "initial": {"trained_labour_share_2013": 1, "employment_2013": 1},
            "step": {
                "baseline_training_completions": 1,
                "programme_training_completions": 1,
                "trained_worker_exits": 1,
            },
        }
    },
)
def trained_workers():
    """
    Employed persons with a vocational or higher certificate.
    """
    return _integ_trained_workers()


_integ_trained_workers = Integ(
    lambda: baseline_training_completions()
    + programme_training_completions()
    - trained_worker_exits(),
    lambda: trained_labour_share_2013() * employment_2013(),
    "_integ_trained_workers",
)


@component.add(
    name="trained labour share 2013",
    units="Dmnl",
    subscripts=["region"],
    comp_type="Constant",
    comp_subtype="Normal",
)
def trained_labour_share_2013():
    """
    Share of employed persons with a certificate in 2013 (assumptions; Hai Duong 31.5 % in 2022).
    """
    return xr.DataArray([0.25, 0.2], {"region": _subscript_dict["region"]}, ["region"])


@component.add(
    name="untrained workers",
    units="person",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"employment": 1, "trained_workers": 1},
)
def untrained_workers():
    """
    Employed persons without a certificate.
    """
    return np.maximum(0, employment() - trained_workers())


@component.add(
    name="baseline training completions",
    units="person/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"untrained_workers": 1, "baseline_training_rate": 1},
)
def baseline_training_completions():
    """
    Workers completing certified training through the existing schools and firms.
    """
    return untrained_workers() * baseline_training_rate()


@component.add(
    name="baseline training rate",
    units="1/Year",
    comp_type="Constant",
    comp_subtype="Normal",
)
def baseline_training_rate():
    """
    Fraction of untrained workers certified per year by the existing system (set so that Hai Duong's share reaches its documented 31.5 % in 2022).
    """
    return 0.033


@component.add(
    name="training programme trainees",
    units="person/Year",
    comp_type="Auxiliary",
    comp_subtype="with Lookup",
    depends_on={"time": 1},
)
def training_programme_trainees():
    """
    Lever: workers the city's vocational training programme trains per year, split over the regions by employment.
    """
    return np.interp(time(), [2013, 2035], [0, 0])


@component.add(
    name="training programme trainees to region",
    units="person/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"training_programme_trainees": 1, "employment_share": 1},
)
def training_programme_trainees_to_region():
    """
    Each region's part of the programme's trainees.
    """
    return training_programme_trainees() * employment_share()


@component.add(
    name="programme training completions",
    units="person/Year",
    subscripts=["region"],
    comp_type="Stateful",
    comp_subtype="Delay",
    depends_on={"_delay_programme_training_completions": 1},
    other_deps={
        "_delay_programme_training_completions": {
            "initial": {"programme_trainee_intake": 1, "training_duration": 1},
            "step": {"programme_trainee_intake": 1, "training_duration": 1},
        }
    },
)
def programme_training_completions():
    """
    Programme trainees completing their course (first-order delay of the course length).
    """
    return _delay_programme_training_completions()


_delay_programme_training_completions = Delay(
    lambda: programme_trainee_intake(),
    lambda: xr.DataArray(
        training_duration(), {"region": _subscript_dict["region"]}, ["region"]
    ),
    lambda: programme_trainee_intake(),
    lambda: 1,
    time_step,
    "_delay_programme_training_completions",
)


@component.add(
    name="programme trainee intake",
    units="person/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "training_programme_trainees_to_region": 1,
        "employment": 1,
        "untrained_workers": 1,
    },
)
def programme_trainee_intake():
    """
    Programme trainees who were untrained (the trained would not raise the share).
    """
    return training_programme_trainees_to_region() * zidz(
        untrained_workers(), employment()
    )


@component.add(
    name="training duration", units="Year", comp_type="Constant", comp_subtype="Normal"
)
def training_duration():
    """
    Average length of a certified vocational course.
    """
    return 1


@component.add(
    name="cost per trainee",
    units="bnVND/person",
    comp_type="Constant",
    comp_subtype="Normal",
)
def cost_per_trainee():
    """
    Cost of training one worker to a certificate at 2013 prices (course, materials, stipend).
    """
    return 0.03


@component.add(
    name="trained worker exits",
    units="person/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"trained_workers": 1, "trained_worker_exit_rate": 1},
)
def trained_worker_exits():
    """
    Trained workers retiring or leaving employment (loop B10).
    """
    return trained_workers() * trained_worker_exit_rate()


@component.add(
    name="trained worker exit rate",
    units="1/Year",
    comp_type="Constant",
    comp_subtype="Normal",
)
def trained_worker_exit_rate():
    """
    Retirement over a working life of about 30 years.
    """
    return 0.033


@component.add(
    name="regional trained labour share",
    units="percent",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"percent_per_fraction": 1, "trained_workers": 1, "employment": 1},
)
def regional_trained_labour_share():
    """
    Share of employed persons with a certificate.
    """
    return percent_per_fraction() * zidz(trained_workers(), employment())


@component.add(
    name="trained labour fraction",
    units="Dmnl",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"trained_workers": 1, "employment": 1},
)
def trained_labour_fraction():
    """
    Share of employed persons with a certificate, as a fraction.
    """
    return zidz(trained_workers(), employment())


@component.add(
    name="trained labour fraction growth",
    units="1/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "baseline_training_completions": 1,
        "programme_training_completions": 1,
        "trained_worker_exits": 1,
        "employment": 1,
        "trained_labour_fraction": 1,
        "employment_growth_rate": 1,
    },
)
def trained_labour_fraction_growth():
    """
    Yearly change of the trained share of employment (points of share per year).
    """
    return (
        zidz(
            baseline_training_completions()
            + programme_training_completions()
            - trained_worker_exits(),
            employment(),
        )
        - trained_labour_fraction() * employment_growth_rate()
    )


@component.add(
    name="TFP growth from labour quality",
    units="1/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "capital_elasticity": 1,
        "trained_wage_premium": 1,
        "trained_labour_fraction_growth": 1,
    },
)
def tfp_growth_from_labour_quality():
    """
    Measured TFP growth from a better-trained workforce: GSO counts workers, not skills, so the productivity premium of trained workers times labour's share appears in TFP.
    """
    return (
        (1 - capital_elasticity())
        * trained_wage_premium()
        * trained_labour_fraction_growth()
    )


@component.add(
    name="trained wage premium",
    units="Dmnl",
    comp_type="Constant",
    comp_subtype="Normal",
)
def trained_wage_premium():
    """
    Productivity (wage) premium of a worker with a vocational or higher certificate over an untrained one.
    """
    return 0.1


@component.add(
    name="trained labour share",
    units="percent",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"percent_per_fraction": 1, "trained_workers": 1, "city_employment": 1},
)
def trained_labour_share():
    """
    Share of the merged city's employed persons with a certificate (indicator).
    """
    return percent_per_fraction() * zidz(
        sum(trained_workers().rename({"region": "region!"}), dim=["region!"]),
        city_employment(),
    )


@component.add(
    name="ICT capital",
    units="bnVND",
    subscripts=["region"],
    comp_type="Stateful",
    comp_subtype="Integ",
    depends_on={"_integ_ict_capital": 1},
    other_deps={
        "_integ_ict_capital": {
            "initial": {"initial_ict_capital": 1},
            "step": {"ict_investment": 1, "ict_depreciation": 1},
        }
    },
)
def ict_capital():
    """
    Stock of ICT equipment, software and digital platforms (part of the capital stock).
    """
    return _integ_ict_capital()


_integ_ict_capital = Integ(
    lambda: ict_investment() - ict_depreciation(),
    lambda: initial_ict_capital(),
    "_integ_ict_capital",
)


@component.add(
    name="initial ICT capital",
    units="bnVND",
    subscripts=["region"],
    comp_type="Stateful",
    comp_subtype="Initial",
    depends_on={
        "_initial_initial_ict_capital": 1,
        "presample_ict_growth_rate": 1,
        "ict_depreciation_rate": 1,
    },
    other_deps={
        "_initial_initial_ict_capital": {"initial": {"ict_investment": 1}, "step": {}}
    },
)
def initial_ict_capital():
    """
    ICT capital in 2013 at its steady state for the 2013 investment and the presample growth rate.
    """
    return _initial_initial_ict_capital() / (
        ict_depreciation_rate() + presample_ict_growth_rate()
    )


_initial_initial_ict_capital = Initial(
    lambda: ict_investment(), "_initial_initial_ict_capital"
)


@component.add(
    name="presample ICT growth rate",
    units="1/Year",
    comp_type="Constant",
    comp_subtype="Normal",
)
def presample_ict_growth_rate():
    """
    Growth of ICT investment before 2013 (with investment).
    """
    return 0.1


@component.add(
    name="ICT investment",
    units="bnVND/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "investment": 2,
        "programme_ict_investment": 1,
        "ict_share_of_investment": 1,
    },
)
def ict_investment():
    """
    ICT investment: a share of total investment plus what the city's programme and the private money it draws add (within the documented total).
    """
    return np.minimum(
        investment(),
        ict_share_of_investment() * investment() + programme_ict_investment(),
    )


@component.add(
    name="ICT share of investment",
    units="Dmnl",
    comp_type="Constant",
    comp_subtype="Normal",
)
def ict_share_of_investment():
    """
    Fraction of total investment that buys ICT.
    """
    return 0.06


@component.add(
    name="digital transformation spending",
    units="bnVND/Year",
    comp_type="Auxiliary",
    comp_subtype="with Lookup",
    depends_on={"time": 1},
)
def digital_transformation_spending():
    """
    Lever: the city's digital-transformation programme (platforms, e-government, SME digitalisation grants), bn VND per year at current prices, split over the regions by GRDP.
    """
    return np.interp(time(), [2013, 2035], [0, 0])


@component.add(
    name="programme ICT investment",
    units="bnVND/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "digital_transformation_cost": 1,
        "grdp_share": 1,
        "digital_private_leverage": 1,
    },
)
def programme_ict_investment():
    """
    ICT investment the programme adds: its own money plus the private money it draws.
    """
    return (
        digital_transformation_cost() * grdp_share() * (1 + digital_private_leverage())
    )


@component.add(
    name="digital private leverage",
    units="Dmnl",
    comp_type="Constant",
    comp_subtype="Normal",
)
def digital_private_leverage():
    """
    Private ICT investment drawn per VND of the city's digital programme.
    """
    return 1


@component.add(
    name="ICT depreciation",
    units="bnVND/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"ict_capital": 1, "ict_depreciation_rate": 1},
)
def ict_depreciation():
    """
    Obsolescence of ICT capital.
    """
    return ict_capital() * ict_depreciation_rate()


@component.add(
    name="ICT depreciation rate",
    units="1/Year",
    comp_type="Constant",
    comp_subtype="Normal",
)
def ict_depreciation_rate():
    """
    Yearly depreciation of ICT capital (service lives of 3-7 years).
    """
    return 0.2


@component.add(
    name="ICT capital growth rate",
    units="1/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"ict_investment": 1, "ict_depreciation": 1, "ict_capital": 1},
)
def ict_capital_growth_rate():
    """
    Relative growth of ICT capital.
    """
    return zidz(ict_investment() - ict_depreciation(), ict_capital())


@component.add(
    name="TFP growth from digitalisation",
    units="1/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "ict_spillover_elasticity": 1,
        "ict_capital_growth_rate": 1,
        "capital_growth_rate": 1,
    },
)
def tfp_growth_from_digitalisation():
    """
    TFP growth from a rising ICT share of capital: ICT's output elasticity beyond its weight in the capital aggregate, times the growth of that share (loop R7).
    """
    return ict_spillover_elasticity() * (
        ict_capital_growth_rate() - capital_growth_rate()
    )


@component.add(
    name="ICT spillover elasticity",
    units="Dmnl",
    comp_type="Constant",
    comp_subtype="Normal",
)
def ict_spillover_elasticity():
    """
    Output elasticity of ICT capital in excess of its weight in GSO's capital aggregate.
    """
    return 0.03


@component.add(
    name="ICT core share",
    units="Dmnl",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "ict_core_share_2013": 1,
        "ict_core_gain_from_fdi": 1,
        "fdi_production_build_up": 1,
    },
)
def ict_core_share():
    """
    Value added of ICT-producing industries and services as a share of GRDP.
    """
    return ict_core_share_2013() + ict_core_gain_from_fdi() * fdi_production_build_up()


@component.add(
    name="ICT core share 2013",
    units="Dmnl",
    subscripts=["region"],
    comp_type="Constant",
    comp_subtype="Normal",
)
def ict_core_share_2013():
    """
    ICT-producing share of GRDP in 2013 (assumption).
    """
    return xr.DataArray([0.04, 0.05], {"region": _subscript_dict["region"]}, ["region"])


@component.add(
    name="ICT core gain from FDI",
    units="Dmnl",
    subscripts=["region"],
    comp_type="Constant",
    comp_subtype="Normal",
)
def ict_core_gain_from_fdi():
    """
    Rise of Hai Phong's ICT-producing share with the FDI electronics build-up of 2015-2020 (electronics 8.66 % to 45.68 % of industrial output).
    """
    return xr.DataArray([0.08, 0.0], {"region": _subscript_dict["region"]}, ["region"])


@component.add(
    name="digital value per ICT capital",
    units="1/Year",
    comp_type="Constant",
    comp_subtype="Normal",
)
def digital_value_per_ict_capital():
    """
    Digitalised share of the rest of GRDP (GSO's digital-economy measure outside the ICT-producing industries) per unit of ICT capital per GRDP, at low intensity.
    """
    return 2.313


@component.add(
    name="regional digital economy share",
    units="percent",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "percent_per_fraction": 1,
        "digital_value_per_ict_capital": 1,
        "ict_core_share": 2,
        "ict_capital": 1,
        "regional_grdp": 1,
    },
)
def regional_digital_economy_share():
    """
    Digital economy as a share of GRDP (Hai Phong 29.7 % in 2023, GSO): the ICT-producing share plus the digitalised part of the rest, which rises with ICT capital per GRDP and saturates below 100 %.
    """
    return percent_per_fraction() * (
        ict_core_share()
        + (1 - ict_core_share())
        * (
            1
            - np.exp(
                -digital_value_per_ict_capital() * zidz(ict_capital(), regional_grdp())
            )
        )
    )


@component.add(
    name="digital economy share",
    units="percent",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "percent_per_fraction": 2,
        "regional_digital_economy_share": 1,
        "grdp": 1,
        "regional_grdp": 1,
    },
)
def digital_economy_share():
    """
    Digital economy as a share of the merged city's GRDP (indicator; targets 40 % and above 35 % by 2030).
    """
    return percent_per_fraction() * zidz(
        sum(
            regional_digital_economy_share().rename({"region": "region!"})
            * regional_grdp().rename({"region": "region!"}),
            dim=["region!"],
        )
        / percent_per_fraction(),
        grdp(),
    )


@component.add(
    name="foreign technology exposure",
    units="Dmnl",
    subscripts=["region"],
    comp_type="Stateful",
    comp_subtype="Integ",
    depends_on={"_integ_foreign_technology_exposure": 1},
    other_deps={
        "_integ_foreign_technology_exposure": {
            "initial": {},
            "step": {"exposure_change": 1},
        }
    },
)
def foreign_technology_exposure():
    """
    Exposure to foreign technology through FDI plants and imported equipment, relative to each region's 2013 level.
    """
    return _integ_foreign_technology_exposure()


_integ_foreign_technology_exposure = Integ(
    lambda: exposure_change(),
    lambda: xr.DataArray(1, {"region": _subscript_dict["region"]}, ["region"]),
    "_integ_foreign_technology_exposure",
)


@component.add(
    name="exposure change",
    units="1/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "fdi_boom_exposure": 1,
        "fdi_production_build_up_rate": 1,
        "time": 1,
        "foreign_technology_exposure": 1,
        "desired_exposure": 1,
        "fdi_exposure_adjustment_time": 1,
        "fdi_build_up_end": 1,
    },
)
def exposure_change():
    """
    Exposure builds up with each region's FDI-led production build-up, then moves toward the desired exposure.
    """
    return (fdi_boom_exposure() - 1) * fdi_production_build_up_rate() + step(
        __data["time"], 1, fdi_build_up_end()
    ) * (
        desired_exposure() - foreign_technology_exposure()
    ) / fdi_exposure_adjustment_time()


@component.add(
    name="FDI boom exposure",
    units="Dmnl",
    subscripts=["region"],
    comp_type="Constant",
    comp_subtype="Normal",
)
def fdi_boom_exposure():
    """
    Exposure once the FDI-led production had built up, relative to 2013 (calibrated: Hai Phong's build-up of 2015-2020, Hai Duong's of 2023-2025).
    """
    return xr.DataArray(
        [1.888, 1.225], {"region": _subscript_dict["region"]}, ["region"]
    )


@component.add(
    name="desired exposure",
    units="Dmnl",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "fdi_boom_exposure": 1,
        "park_fdi_effect": 1,
        "absorptive_capacity": 1,
        "fdi_response_switch": 1,
        "fdi_response_to_absorptive_capacity": 1,
    },
)
def desired_exposure():
    """
    FDI presence that the city's conditions sustain after the build-up: the post-2020 level, raised by the science park and (structure 3) by absorptive capacity in levels.
    """
    return (
        fdi_boom_exposure()
        * (1 + park_fdi_effect())
        * absorptive_capacity()
        ** (fdi_response_to_absorptive_capacity() * fdi_response_switch())
    )


@component.add(
    name="FDI exposure adjustment time",
    units="Year",
    comp_type="Constant",
    comp_subtype="Normal",
)
def fdi_exposure_adjustment_time():
    """
    Time for FDI presence to adjust (projects take years to decide and build).
    """
    return 5


@component.add(
    name="FDI response to absorptive capacity",
    units="Dmnl",
    comp_type="Constant",
    comp_subtype="Normal",
)
def fdi_response_to_absorptive_capacity():
    """
    Elasticity of FDI presence to absorptive capacity (skills, research, innovating suppliers), structure 3.
    """
    return 0.4


@component.add(
    name="FDI response switch",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"tfp_structure": 1},
)
def fdi_response_switch():
    """
    1 when FDI presence responds to absorptive capacity (structure 3), else 0.
    """
    return if_then_else(tfp_structure() == 3, lambda: 1, lambda: 0)


@component.add(
    name="park FDI effect",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "park_fdi_gain": 1,
        "science_park_incubation_capacity": 1,
        "science_park_full_capacity": 1,
    },
)
def park_fdi_effect():
    """
    Extra FDI presence drawn by an operating science park (R&D centres, high-tech tenants).
    """
    return park_fdi_gain() * float(
        np.minimum(1, science_park_incubation_capacity() / science_park_full_capacity())
    )


@component.add(
    name="park FDI gain", units="Dmnl", comp_type="Constant", comp_subtype="Normal"
)
def park_fdi_gain():
    """
    Extra FDI presence drawn by the science park at full operation.
    """
    return 0.002


@component.add(
    name="science park full capacity",
    units="startup/Year",
    comp_type="Constant",
    comp_subtype="Normal",
)
def science_park_full_capacity():
    """
    Incubation capacity of the park at full operation (the science-park scenario by 2035).
    """
    return 30


@component.add(
    name="FDI production build up",
    units="Dmnl",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "fdi_build_up_speed": 1,
        "fdi_build_up_start": 1,
        "fdi_build_up_end": 1,
        "time": 1,
    },
)
def fdi_production_build_up():
    """
    How far each region's FDI-led production build-up had gone: in Hai Phong electronics rose from 8.66 % (2015) to 45.68 % (2020) of industrial output (001 §2 "Hai là"); in Hai Duong FDI registrations tripled in 2023 (1,136 million USD against about 300-370 million a year in 2017-2022) and the plants came on stream in 2024-2025 (assumption); linear over each span.
    """
    return ramp(
        __data["time"], fdi_build_up_speed(), fdi_build_up_start(), fdi_build_up_end()
    )


@component.add(
    name="FDI build up speed",
    units="1/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"fdi_build_up_end": 1, "fdi_build_up_start": 1},
)
def fdi_build_up_speed():
    """
    Yearly progress of the FDI-led build-up.
    """
    return 1 / (fdi_build_up_end() - fdi_build_up_start())


@component.add(
    name="FDI build up start",
    units="Year",
    subscripts=["region"],
    comp_type="Constant",
    comp_subtype="Normal",
)
def fdi_build_up_start():
    """
    Last year before the FDI-led build-up.
    """
    return xr.DataArray(
        [2015.0, 2023.0], {"region": _subscript_dict["region"]}, ["region"]
    )


@component.add(
    name="FDI build up end",
    units="Year",
    subscripts=["region"],
    comp_type="Constant",
    comp_subtype="Normal",
)
def fdi_build_up_end():
    """
    Year the FDI-led build-up was complete.
    """
    return xr.DataArray(
        [2020.0, 2025.0], {"region": _subscript_dict["region"]}, ["region"]
    )


@component.add(
    name="FDI production build up rate",
    units="1/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "fdi_build_up_speed": 2,
        "fdi_build_up_start": 1,
        "time": 2,
        "fdi_build_up_end": 1,
    },
)
def fdi_production_build_up_rate():
    """
    Rate of change of the FDI production build-up (the slope of its ramp).
    """
    return step(__data["time"], fdi_build_up_speed(), fdi_build_up_start()) - step(
        __data["time"], fdi_build_up_speed(), fdi_build_up_end()
    )


@component.add(
    name="TFP growth from FDI plant composition",
    units="1/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"fdi_plant_tfp_gain": 1, "fdi_production_build_up_rate": 1},
)
def tfp_growth_from_fdi_plant_composition():
    """
    Output moving to FDI plants more productive than the average raises measured TFP while they build up (a one-off level gain).
    """
    return fdi_plant_tfp_gain() * fdi_production_build_up_rate()


@component.add(
    name="FDI plant TFP gain",
    units="Dmnl",
    subscripts=["region"],
    comp_type="Constant",
    comp_subtype="Normal",
)
def fdi_plant_tfp_gain():
    """
    Gain of TFP (log points) from the shift of output to FDI plants during each region's build-up (calibrated).
    """
    return xr.DataArray(
        [0.05309, 0.02349], {"region": _subscript_dict["region"]}, ["region"]
    )


@component.add(
    name="FDI linkage programme spending",
    units="bnVND/Year",
    comp_type="Auxiliary",
    comp_subtype="with Lookup",
    depends_on={"time": 1},
)
def fdi_linkage_programme_spending():
    """
    Lever: supplier-development and technology-transfer programme linking domestic firms to FDI plants, bn VND per year at current prices; split over the regions by FDI investment.
    """
    return np.interp(time(), [2013, 2035], [0, 0])


@component.add(
    name="FDI investment share",
    units="Dmnl",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"fdi_investment": 2},
)
def fdi_investment_share():
    """
    Each region's share of FDI investment.
    """
    return zidz(
        fdi_investment(),
        sum(fdi_investment().rename({"region": "region!"}), dim=["region!"]),
    )


@component.add(
    name="new supplier linkages",
    units="firm/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "fdi_linkage_programme_cost": 1,
        "fdi_investment_share": 1,
        "cost_per_linked_supplier": 1,
    },
)
def new_supplier_linkages():
    """
    Domestic suppliers the programme brings into supply relations with FDI plants per year.
    """
    return (
        fdi_linkage_programme_cost()
        * fdi_investment_share()
        / cost_per_linked_supplier()
    )


@component.add(
    name="cost per linked supplier",
    units="bnVND/firm",
    comp_type="Constant",
    comp_subtype="Normal",
)
def cost_per_linked_supplier():
    """
    Programme cost of bringing one domestic supplier into a supply relation with FDI plants (audits, upgrading, certification, matchmaking) at 2013 prices.
    """
    return 2


@component.add(
    name="linked suppliers",
    units="firm",
    subscripts=["region"],
    comp_type="Stateful",
    comp_subtype="Integ",
    depends_on={"_integ_linked_suppliers": 1},
    other_deps={
        "_integ_linked_suppliers": {
            "initial": {"linked_suppliers_2013": 1},
            "step": {"new_supplier_linkages": 1, "linkage_lapse": 1},
        }
    },
)
def linked_suppliers():
    """
    Domestic suppliers in programme-built relations with FDI plants.
    """
    return _integ_linked_suppliers()


_integ_linked_suppliers = Integ(
    lambda: new_supplier_linkages() - linkage_lapse(),
    lambda: xr.DataArray(
        linked_suppliers_2013(), {"region": _subscript_dict["region"]}, ["region"]
    ),
    "_integ_linked_suppliers",
)


@component.add(
    name="linked suppliers 2013",
    units="firm",
    comp_type="Constant",
    comp_subtype="Normal",
)
def linked_suppliers_2013():
    """
    No programme before the policy start.
    """
    return 0


@component.add(
    name="linkage lapse",
    units="firm/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"linked_suppliers": 1, "linkage_duration": 1},
)
def linkage_lapse():
    """
    Supply relations that end (loop B9).
    """
    return linked_suppliers() / linkage_duration()


@component.add(
    name="linkage duration", units="Year", comp_type="Constant", comp_subtype="Normal"
)
def linkage_duration():
    """
    Average life of a programme-built supply relation.
    """
    return 5


@component.add(
    name="supplier pool",
    units="firm",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"regional_total_enterprises": 1, "supplier_pool_share": 1},
)
def supplier_pool():
    """
    Domestic enterprises that could supply FDI plants.
    """
    return regional_total_enterprises() * supplier_pool_share()


@component.add(
    name="supplier pool share",
    units="Dmnl",
    comp_type="Constant",
    comp_subtype="Normal",
)
def supplier_pool_share():
    """
    Fraction of enterprises in manufacturing and business services that could supply FDI plants.
    """
    return 0.1


@component.add(
    name="linked supplier share",
    units="Dmnl",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"linked_suppliers": 1, "supplier_pool": 1},
)
def linked_supplier_share():
    """
    Fraction of potential suppliers the programme has linked.
    """
    return zidz(linked_suppliers(), supplier_pool())


@component.add(
    name="linkage effect",
    units="Dmnl",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "maximum_linkage_gain": 1,
        "linked_supplier_share": 2,
        "half_linkage_share": 1,
    },
)
def linkage_effect():
    """
    Rise of the technology that reaches domestic firms through backward linkages, saturating.
    """
    return (
        maximum_linkage_gain()
        * linked_supplier_share()
        / (linked_supplier_share() + half_linkage_share())
    )


@component.add(
    name="maximum linkage gain",
    units="Dmnl",
    comp_type="Constant",
    comp_subtype="Normal",
)
def maximum_linkage_gain():
    """
    Largest rise of effective exposure that linkages can bring.
    """
    return 0.2


@component.add(
    name="half linkage share", units="Dmnl", comp_type="Constant", comp_subtype="Normal"
)
def half_linkage_share():
    """
    Linked share of potential suppliers at which linkages give half their largest gain.
    """
    return 0.3


@component.add(
    name="effective FDI exposure",
    units="Dmnl",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"foreign_technology_exposure": 1, "linkage_effect": 1},
)
def effective_fdi_exposure():
    """
    Exposure to foreign technology reaching domestic firms.
    """
    return foreign_technology_exposure() * (1 + linkage_effect())


@component.add(
    name="TFP structure", units="Dmnl", comp_type="Constant", comp_subtype="Normal"
)
def tfp_structure():
    """
    Switch of the S&T -> TFP channel: 1 saturating catch-up (absorptive capacity times exposure, diminishing returns); 2 Griffith-Redding-Van Reenen (research intensity and human capital in levels raise the speed of catch-up, no saturation); 3 as 1 with FDI presence responding to absorptive capacity. Each has its own calibrated parameter set (model/structures.csv).
    """
    return 1


@component.add(
    name="regional knowledge stock",
    units="bnVND",
    subscripts=["region"],
    comp_type="Stateful",
    comp_subtype="Integ",
    depends_on={"_integ_regional_knowledge_stock": 1},
    other_deps={
        "_integ_regional_knowledge_stock": {
            "initial": {"initial_knowledge_stock": 1},
            "step": {"knowledge_creation": 1, "knowledge_depreciation": 1},
        }
    },
)
def regional_knowledge_stock():
    """
    R&D capital by perpetual inventory, starting at its steady state.
    """
    return _integ_regional_knowledge_stock()


_integ_regional_knowledge_stock = Integ(
    lambda: knowledge_creation() - knowledge_depreciation(),
    lambda: initial_knowledge_stock(),
    "_integ_regional_knowledge_stock",
)


@component.add(
    name="initial knowledge stock",
    units="bnVND",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "reference_research_spending": 1,
        "presample_knowledge_growth_rate": 1,
        "knowledge_depreciation_rate": 1,
    },
)
def initial_knowledge_stock():
    """
    Steady-state R&D capital for the 2013 spending and the presample growth rate.
    """
    return reference_research_spending() / (
        knowledge_depreciation_rate() + presample_knowledge_growth_rate()
    )


@component.add(
    name="reference knowledge stock",
    units="bnVND",
    subscripts=["region"],
    comp_type="Stateful",
    comp_subtype="Initial",
    depends_on={"_initial_reference_knowledge_stock": 1},
    other_deps={
        "_initial_reference_knowledge_stock": {
            "initial": {"regional_knowledge_stock": 1},
            "step": {},
        }
    },
)
def reference_knowledge_stock():
    """
    Knowledge stock in 2013, where research productivity is 1.
    """
    return _initial_reference_knowledge_stock()


_initial_reference_knowledge_stock = Initial(
    lambda: regional_knowledge_stock(), "_initial_reference_knowledge_stock"
)


@component.add(
    name="presample knowledge growth rate",
    units="1/Year",
    comp_type="Constant",
    comp_subtype="Normal",
)
def presample_knowledge_growth_rate():
    """
    Growth of research spending before 2013, used for the initial knowledge stock.
    """
    return 0.08


@component.add(
    name="knowledge creation",
    units="bnVND/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"regional_effective_research_spending": 1, "research_productivity": 1},
)
def knowledge_creation():
    """
    Additions to the knowledge stock, in 2013 research money.
    """
    return regional_effective_research_spending() * research_productivity()


@component.add(
    name="research productivity",
    units="Dmnl",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "regional_knowledge_stock": 1,
        "reference_knowledge_stock": 1,
        "ideas_harder_to_find_exponent": 1,
    },
)
def research_productivity():
    """
    Knowledge per unit of research money, falling as ideas get harder to find (loop B3).
    """
    return (
        1
        / (regional_knowledge_stock() / reference_knowledge_stock())
        ** ideas_harder_to_find_exponent()
    )


@component.add(
    name="ideas harder to find exponent",
    units="Dmnl",
    comp_type="Constant",
    comp_subtype="Normal",
)
def ideas_harder_to_find_exponent():
    """
    Fall of research productivity with the size of the knowledge stock.
    """
    return 0.5


@component.add(
    name="knowledge depreciation",
    units="bnVND/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"regional_knowledge_stock": 1, "knowledge_depreciation_rate": 1},
)
def knowledge_depreciation():
    """
    Obsolescence of knowledge (loop B1).
    """
    return regional_knowledge_stock() * knowledge_depreciation_rate()


@component.add(
    name="knowledge depreciation rate",
    units="1/Year",
    comp_type="Constant",
    comp_subtype="Normal",
)
def knowledge_depreciation_rate():
    """
    Yearly depreciation of R&D capital.
    """
    return 0.15


@component.add(
    name="knowledge stock",
    units="bnVND",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"regional_knowledge_stock": 1},
)
def knowledge_stock():
    """
    R&D capital of the merged city.
    """
    return sum(
        regional_knowledge_stock().rename({"region": "region!"}), dim=["region!"]
    )


@component.add(
    name="applied knowledge creation",
    units="bnVND/Year",
    subscripts=["region"],
    comp_type="Stateful",
    comp_subtype="Delay",
    depends_on={"_delay_applied_knowledge_creation": 1},
    other_deps={
        "_delay_applied_knowledge_creation": {
            "initial": {"knowledge_creation": 1, "knowledge_application_delay": 1},
            "step": {"knowledge_creation": 1, "knowledge_application_delay": 1},
        }
    },
)
def applied_knowledge_creation():
    """
    Knowledge creation as it reaches production: a bell-shaped distributed lag.
    """
    return _delay_applied_knowledge_creation()


_delay_applied_knowledge_creation = Delay(
    lambda: knowledge_creation(),
    lambda: xr.DataArray(
        knowledge_application_delay(), {"region": _subscript_dict["region"]}, ["region"]
    ),
    lambda: knowledge_creation(),
    lambda: 3,
    time_step,
    "_delay_applied_knowledge_creation",
)


@component.add(
    name="knowledge application delay",
    units="Year",
    comp_type="Constant",
    comp_subtype="Normal",
)
def knowledge_application_delay():
    """
    Mean lag from research to its effect on productivity.
    """
    return 5


@component.add(
    name="TFP growth from own research",
    units="1/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "rate_of_return_to_research": 1,
        "applied_knowledge_creation": 1,
        "regional_grdp": 1,
    },
)
def tfp_growth_from_own_research():
    """
    Griliches' rate-of-return form: dA/A = rho * R/Y, with R the lagged knowledge creation.
    """
    return rate_of_return_to_research() * applied_knowledge_creation() / regional_grdp()


@component.add(
    name="rate of return to research",
    units="1/Year",
    comp_type="Constant",
    comp_subtype="Normal",
)
def rate_of_return_to_research():
    """
    Social gross rate of return to research (rho).
    """
    return 0.4


@component.add(
    name="knowledge intensity",
    units="Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"regional_knowledge_stock": 1, "regional_grdp": 1},
)
def knowledge_intensity():
    """
    Knowledge stock per unit of yearly GRDP.
    """
    return regional_knowledge_stock() / regional_grdp()


@component.add(
    name="absorptive capacity",
    units="Dmnl",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "absorptive_capacity_floor": 4,
        "regional_researcher_density": 1,
        "benchmark_researcher_density": 1,
        "researcher_weight": 1,
        "knowledge_intensity": 1,
        "benchmark_knowledge_intensity": 1,
        "knowledge_weight": 1,
        "innovating_fraction": 1,
        "benchmark_innovating_fraction": 1,
        "innovating_firms_weight": 1,
        "trained_labour_fraction": 1,
        "trained_labour_weight": 1,
        "benchmark_trained_labour_fraction": 1,
    },
)
def absorptive_capacity():
    """
    Ability to absorb foreign technology in levels, 1 for a region at the benchmark levels (Cohen and Levinthal; Griffith, Redding and Van Reenen): researchers, own knowledge, innovating firms and trained workers. A region that spent more on research since 2013 absorbs better from 2013 on.
    """
    return (
        np.maximum(
            absorptive_capacity_floor(),
            xidz(
                regional_researcher_density(),
                xr.DataArray(
                    benchmark_researcher_density(),
                    {"region": _subscript_dict["region"]},
                    ["region"],
                ),
                1,
            ),
        )
        ** researcher_weight()
        * np.maximum(
            absorptive_capacity_floor(),
            xidz(
                knowledge_intensity(),
                xr.DataArray(
                    benchmark_knowledge_intensity(),
                    {"region": _subscript_dict["region"]},
                    ["region"],
                ),
                1,
            ),
        )
        ** knowledge_weight()
        * np.maximum(
            absorptive_capacity_floor(),
            xidz(
                innovating_fraction(),
                xr.DataArray(
                    benchmark_innovating_fraction(),
                    {"region": _subscript_dict["region"]},
                    ["region"],
                ),
                1,
            ),
        )
        ** innovating_firms_weight()
        * np.maximum(
            absorptive_capacity_floor(),
            xidz(
                trained_labour_fraction(),
                xr.DataArray(
                    benchmark_trained_labour_fraction(),
                    {"region": _subscript_dict["region"]},
                    ["region"],
                ),
                1,
            ),
        )
        ** trained_labour_weight()
    )


@component.add(
    name="absorptive capacity floor",
    units="Dmnl",
    comp_type="Constant",
    comp_subtype="Normal",
)
def absorptive_capacity_floor():
    """
    Least level of each factor of absorptive capacity, as a fraction of its benchmark: a region without researchers or R&D still absorbs technology through its firms and workers.
    """
    return 0.01


@component.add(
    name="benchmark researcher density",
    units="researcher/TenThousandPeople",
    comp_type="Constant",
    comp_subtype="Normal",
)
def benchmark_researcher_density():
    """
    Benchmark FTE researcher density (Vietnam's).
    """
    return 7.6


@component.add(
    name="benchmark knowledge intensity",
    units="Year",
    comp_type="Constant",
    comp_subtype="Normal",
)
def benchmark_knowledge_intensity():
    """
    Benchmark knowledge stock per GRDP: R&D of 0.42 % of GDP (Vietnam 2017-2021) at its steady state (15 % depreciation, 6 % growth).
    """
    return 0.02


@component.add(
    name="benchmark innovating fraction",
    units="Dmnl",
    comp_type="Constant",
    comp_subtype="Normal",
)
def benchmark_innovating_fraction():
    """
    Benchmark fraction of innovating enterprises.
    """
    return 0.2


@component.add(
    name="benchmark trained labour fraction",
    units="Dmnl",
    comp_type="Constant",
    comp_subtype="Normal",
)
def benchmark_trained_labour_fraction():
    """
    Benchmark share of employed persons with a certificate.
    """
    return 0.25


@component.add(
    name="researcher weight", units="Dmnl", comp_type="Constant", comp_subtype="Normal"
)
def researcher_weight():
    """
    Elasticity of absorptive capacity to researcher density.
    """
    return 0.02


@component.add(
    name="knowledge weight", units="Dmnl", comp_type="Constant", comp_subtype="Normal"
)
def knowledge_weight():
    """
    Elasticity of absorptive capacity to knowledge intensity.
    """
    return 0.07


@component.add(
    name="innovating firms weight",
    units="Dmnl",
    comp_type="Constant",
    comp_subtype="Normal",
)
def innovating_firms_weight():
    """
    Elasticity of absorptive capacity to the innovating fraction of enterprises.
    """
    return 0.1


@component.add(
    name="trained labour weight",
    units="Dmnl",
    comp_type="Constant",
    comp_subtype="Normal",
)
def trained_labour_weight():
    """
    Elasticity of absorptive capacity to the trained share of employment.
    """
    return 0.05


@component.add(
    name="effective absorption",
    units="Dmnl",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"absorptive_capacity": 1, "effective_fdi_exposure": 1},
)
def effective_absorption():
    """
    Exposure to foreign technology times the ability to absorb it.
    """
    return absorptive_capacity() * effective_fdi_exposure()


@component.add(
    name="absorption saturation",
    units="Dmnl",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"effective_absorption": 2, "half_speed_capacity": 1},
)
def absorption_saturation():
    """
    Fraction of the largest catch-up speed reached (structures 1 and 3): diminishing returns to exposure and capacity.
    """
    return effective_absorption() / (effective_absorption() + half_speed_capacity())


@component.add(
    name="half speed capacity",
    units="Dmnl",
    comp_type="Constant",
    comp_subtype="Normal",
)
def half_speed_capacity():
    """
    Effective absorption at which catch-up runs at half its largest speed (structures 1 and 3).
    """
    return 4


@component.add(
    name="GRVR absorption",
    units="Dmnl",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "effective_fdi_exposure": 1,
        "grvr_research_coefficient": 1,
        "grvr_human_capital_coefficient": 1,
        "trained_labour_fraction": 1,
        "research_intensity_fraction": 1,
        "catch_up_speed": 1,
    },
)
def grvr_absorption():
    """
    Absorption in the Griffith-Redding-Van Reenen form (structure 2): exposure times a catch-up speed that rises linearly with research intensity and the trained share, in levels.
    """
    return effective_fdi_exposure() * (
        1
        + (
            grvr_research_coefficient() * research_intensity_fraction()
            + grvr_human_capital_coefficient() * trained_labour_fraction()
        )
        / catch_up_speed()
    )


@component.add(
    name="GRVR research coefficient",
    units="1/Year",
    comp_type="Constant",
    comp_subtype="Normal",
)
def grvr_research_coefficient():
    """
    Catch-up speed added per unit of research intensity (R/Y) in structure 2.
    """
    return 0.25


@component.add(
    name="GRVR human capital coefficient",
    units="1/Year",
    comp_type="Constant",
    comp_subtype="Normal",
)
def grvr_human_capital_coefficient():
    """
    Catch-up speed added per unit of trained share of employment in structure 2.
    """
    return 0.008


@component.add(
    name="absorption multiplier",
    units="Dmnl",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"tfp_structure": 1, "grvr_absorption": 1, "absorption_saturation": 1},
)
def absorption_multiplier():
    """
    How much of the catch-up speed the region reaches, by the selected structure.
    """
    return if_then_else(
        tfp_structure() == 2, lambda: grvr_absorption(), lambda: absorption_saturation()
    )


@component.add(
    name="catch up speed", units="1/Year", comp_type="Constant", comp_subtype="Normal"
)
def catch_up_speed():
    """
    Speed of catch-up per unit of absorption multiplier and log technology gap (calibrated per structure; a structural parameter, not the 2013 growth).
    """
    return 0.1489


@component.add(
    name="Hai Phong technology gap 2013",
    units="Dmnl",
    comp_type="Constant",
    comp_subtype="Normal",
)
def hai_phong_technology_gap_2013():
    """
    Frontier TFP relative to Hai Phong's TFP in 2013.
    """
    return 4


@component.add(
    name="TFP level 2013 relative to Hai Phong",
    units="Dmnl",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "grdp_2013": 2,
        "employment_2013": 2,
        "capital_elasticity": 2,
        "capital_output_ratio_2013": 2,
    },
)
def tfp_level_2013_relative_to_hai_phong():
    """
    Each region's 2013 TFP level relative to Hai Phong's, from output per worker and the capital-output ratio.
    """
    return (
        (grdp_2013() / employment_2013())
        / (
            float(grdp_2013().loc["HaiPhong"])
            / float(employment_2013().loc["HaiPhong"])
        )
    ) ** (1 - capital_elasticity()) * (
        float(capital_output_ratio_2013().loc["HaiPhong"]) / capital_output_ratio_2013()
    ) ** capital_elasticity()


@component.add(
    name="initial technology gap",
    units="Dmnl",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "hai_phong_technology_gap_2013": 1,
        "tfp_level_2013_relative_to_hai_phong": 1,
    },
)
def initial_technology_gap():
    """
    Frontier TFP relative to each region's TFP in 2013.
    """
    return hai_phong_technology_gap_2013() / tfp_level_2013_relative_to_hai_phong()


@component.add(
    name="frontier TFP growth",
    units="1/Year",
    comp_type="Constant",
    comp_subtype="Normal",
)
def frontier_tfp_growth():
    """
    Growth of the world technology frontier.
    """
    return 0.009


@component.add(
    name="frontier TFP",
    units="Dmnl",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "initial_technology_gap": 1,
        "time": 1,
        "initial_time": 1,
        "frontier_tfp_growth": 1,
    },
)
def frontier_tfp():
    """
    Frontier TFP relative to each region's 2013 TFP.
    """
    return initial_technology_gap() * float(
        np.exp(frontier_tfp_growth() * (time() - initial_time()))
    )


@component.add(
    name="technology gap",
    units="Dmnl",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"frontier_tfp": 1, "tfp_level": 1},
)
def technology_gap():
    """
    How far each region's TFP is behind the frontier (B6: catching up narrows it).
    """
    return frontier_tfp() / tfp_level()


@component.add(
    name="TFP growth from technology absorption",
    units="1/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"catch_up_speed": 1, "absorption_multiplier": 1, "technology_gap": 1},
)
def tfp_growth_from_technology_absorption():
    """
    Catch-up growth from FDI, imports and licensing (Keller: the dominant source), bounded by the gap.
    """
    return (
        catch_up_speed()
        * absorption_multiplier()
        * np.log(np.maximum(1, technology_gap()))
    )


@component.add(
    name="regional TFP growth rate",
    units="1/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "tfp_growth_from_technology_absorption": 1,
        "tfp_growth_from_own_research": 1,
        "tfp_growth_from_fdi_plant_composition": 1,
        "tfp_growth_from_digitalisation": 1,
        "tfp_growth_from_labour_quality": 1,
    },
)
def regional_tfp_growth_rate():
    """
    Growth of TFP in each region, before utilisation swings: absorption, own research, FDI plants' composition, digitalisation and labour quality.
    """
    return (
        tfp_growth_from_technology_absorption()
        + tfp_growth_from_own_research()
        + tfp_growth_from_fdi_plant_composition()
        + tfp_growth_from_digitalisation()
        + tfp_growth_from_labour_quality()
    )


@component.add(
    name="TFP growth ceiling",
    units="1/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "catch_up_speed": 1,
        "absorption_multiplier": 1,
        "technology_gap": 1,
        "tfp_growth_from_own_research": 1,
        "tfp_growth_from_fdi_plant_composition": 1,
        "tfp_growth_from_digitalisation": 1,
        "tfp_growth_from_labour_quality": 1,
    },
)
def tfp_growth_ceiling():
    """
    Frontier bound: TFP growth with unlimited absorptive capacity at the current gap, plus the other sources.
    """
    return (
        catch_up_speed()
        * np.maximum(1, absorption_multiplier())
        * np.log(np.maximum(1, technology_gap()))
        + tfp_growth_from_own_research()
        + tfp_growth_from_fdi_plant_composition()
        + np.maximum(0, tfp_growth_from_digitalisation())
        + np.maximum(0, tfp_growth_from_labour_quality())
    )


@component.add(
    name="TFP level",
    units="Dmnl",
    subscripts=["region"],
    comp_type="Stateful",
    comp_subtype="Integ",
    depends_on={"_integ_tfp_level": 1},
    other_deps={"_integ_tfp_level": {"initial": {}, "step": {"tfp_increase": 1}}},
)
def tfp_level():
    """
    Total factor productivity relative to each region's 2013 level.
    """
    return _integ_tfp_level()


_integ_tfp_level = Integ(
    lambda: tfp_increase(),
    lambda: xr.DataArray(1, {"region": _subscript_dict["region"]}, ["region"]),
    "_integ_tfp_level",
)


@component.add(
    name="TFP increase",
    units="1/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"tfp_level": 1, "regional_tfp_growth_rate": 1},
)
def tfp_increase():
    """
    Yearly increase of TFP.
    """
    return tfp_level() * regional_tfp_growth_rate()


@component.add(
    name="renewal spending",
    units="bnVND/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"capital_stock": 1, "renewal_spending_per_capital": 1},
)
def renewal_spending():
    """
    Enterprise spending on technology and equipment renewal at 2013 prices (GSO 1406); part of investment, so its direct effect on output is in the capital term.
    """
    return capital_stock() * renewal_spending_per_capital()


@component.add(
    name="renewal spending per capital",
    units="1/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "renewal_spending_per_capital_2013": 1,
        "innovating_fraction": 1,
        "reference_innovating_fraction": 1,
        "renewal_elasticity_to_innovation": 1,
    },
)
def renewal_spending_per_capital():
    """
    Renewal spending per unit of fixed capital (GSO 1406), rising with the innovating share.
    """
    return (
        renewal_spending_per_capital_2013()
        * xidz(innovating_fraction(), reference_innovating_fraction(), 1)
        ** renewal_elasticity_to_innovation()
    )


@component.add(
    name="reference innovating fraction",
    units="Dmnl",
    subscripts=["region"],
    comp_type="Stateful",
    comp_subtype="Initial",
    depends_on={"_initial_reference_innovating_fraction": 1},
    other_deps={
        "_initial_reference_innovating_fraction": {
            "initial": {"innovating_fraction": 1},
            "step": {},
        }
    },
)
def reference_innovating_fraction():
    """
    Innovating fraction in 2013.
    """
    return _initial_reference_innovating_fraction()


_initial_reference_innovating_fraction = Initial(
    lambda: innovating_fraction(), "_initial_reference_innovating_fraction"
)


@component.add(
    name="renewal spending per capital 2013",
    units="1/Year",
    comp_type="Constant",
    comp_subtype="Normal",
)
def renewal_spending_per_capital_2013():
    """
    Renewal spending per unit of fixed capital in 2013.
    """
    return 0.02


@component.add(
    name="renewal elasticity to innovation",
    units="Dmnl",
    comp_type="Constant",
    comp_subtype="Normal",
)
def renewal_elasticity_to_innovation():
    """
    Elasticity of the renewal share to the innovating fraction.
    """
    return 0.5


@component.add(
    name="renewal spending growth rate",
    units="1/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "capital_growth_rate": 1,
        "inflation_rate": 1,
        "innovating_fraction_growth_rate": 1,
        "renewal_elasticity_to_innovation": 1,
    },
)
def renewal_spending_growth_rate():
    """
    Relative growth of renewal spending at current prices (the survey reports values).
    """
    return (
        capital_growth_rate()
        + inflation_rate()
        + renewal_elasticity_to_innovation() * innovating_fraction_growth_rate()
    )


@component.add(
    name="renewing enterprises growth rate",
    units="1/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "innovation_adoption": 1,
        "graduated_startup_entry": 1,
        "innovation_lapse": 1,
        "innovating_exit": 1,
        "regional_innovating_enterprises": 1,
    },
)
def renewing_enterprises_growth_rate():
    """
    Relative growth of the enterprises that renew technology (the innovating enterprises).
    """
    return zidz(
        innovation_adoption()
        + graduated_startup_entry()
        - innovation_lapse()
        - innovating_exit(),
        regional_innovating_enterprises(),
    )


@component.add(
    name="renewal spending weight",
    units="Dmnl",
    comp_type="Constant",
    comp_subtype="Normal",
)
def renewal_spending_weight():
    """
    Weight of spending (against the number of renewing enterprises) in the renewal activity index.
    """
    return 0.5


@component.add(
    name="renewal activity growth rate",
    units="1/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "renewal_spending_weight": 2,
        "renewal_spending_growth_rate": 1,
        "renewing_enterprises_growth_rate": 1,
    },
)
def renewal_activity_growth_rate():
    """
    Growth of renewal activity: a geometric index of renewal spending and renewing enterprises (GSO 1405 components).
    """
    return (
        renewal_spending_weight() * renewal_spending_growth_rate()
        + (1 - renewal_spending_weight()) * renewing_enterprises_growth_rate()
    )


@component.add(
    name="regional technology renewal rate",
    units="percent/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "percent_per_fraction": 1,
        "renewal_activity_growth_rate": 1,
        "one_year": 2,
    },
)
def regional_technology_renewal_rate():
    """
    GSO indicator 1405 in each region: year-on-year % change of renewal activity.
    """
    return (
        percent_per_fraction()
        * (np.exp(renewal_activity_growth_rate() * one_year()) - 1)
        / one_year()
    )


@component.add(
    name="city renewal activity growth rate",
    units="1/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "renewal_spending_weight": 2,
        "renewal_spending": 2,
        "renewal_spending_growth_rate": 1,
        "regional_innovating_enterprises": 1,
        "renewing_enterprises_growth_rate": 1,
        "innovating_enterprises": 1,
    },
)
def city_renewal_activity_growth_rate():
    """
    Growth of the merged city's renewal activity: the growth of summed spending and summed renewing enterprises.
    """
    return renewal_spending_weight() * zidz(
        sum(
            renewal_spending().rename({"region": "region!"})
            * renewal_spending_growth_rate().rename({"region": "region!"}),
            dim=["region!"],
        ),
        sum(renewal_spending().rename({"region": "region!"}), dim=["region!"]),
    ) + (1 - renewal_spending_weight()) * zidz(
        sum(
            regional_innovating_enterprises().rename({"region": "region!"})
            * renewing_enterprises_growth_rate().rename({"region": "region!"}),
            dim=["region!"],
        ),
        innovating_enterprises(),
    )


@component.add(
    name="technology renewal rate",
    units="percent/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "percent_per_fraction": 1,
        "city_renewal_activity_growth_rate": 1,
        "one_year": 2,
    },
)
def technology_renewal_rate():
    """
    GSO indicator 1405 for the merged city (indicator; target 20-22 %/yr by 2030).
    """
    return (
        percent_per_fraction()
        * (float(np.exp(city_renewal_activity_growth_rate() * one_year())) - 1)
        / one_year()
    )


@component.add(
    name="regional patent and utility filings",
    units="filing/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"patentable_results": 1, "filings_per_knowledge_creation": 1},
)
def regional_patent_and_utility_filings():
    """
    Patent and utility-solution applications per year.
    """
    return patentable_results() * filings_per_knowledge_creation()


@component.add(
    name="patentable results",
    units="bnVND/Year",
    subscripts=["region"],
    comp_type="Stateful",
    comp_subtype="Smooth",
    depends_on={"_smooth_patentable_results": 1},
    other_deps={
        "_smooth_patentable_results": {
            "initial": {"knowledge_creation": 1},
            "step": {"knowledge_creation": 1, "filing_lag": 1},
        }
    },
)
def patentable_results():
    """
    Knowledge creation as it turns into results ready to file, after the filing lag.
    """
    return _smooth_patentable_results()


_smooth_patentable_results = Smooth(
    lambda: knowledge_creation(),
    lambda: xr.DataArray(
        filing_lag(), {"region": _subscript_dict["region"]}, ["region"]
    ),
    lambda: knowledge_creation(),
    lambda: 1,
    "_smooth_patentable_results",
)


@component.add(
    name="filing lag", units="Year", comp_type="Constant", comp_subtype="Normal"
)
def filing_lag():
    """
    Average time from research spending to a filing.
    """
    return 1.5


@component.add(
    name="patent and utility filings 2013",
    units="filing/Year",
    subscripts=["region"],
    comp_type="Stateful",
    comp_subtype="Initial",
    depends_on={"_initial_patent_and_utility_filings_2013": 1},
    other_deps={
        "_initial_patent_and_utility_filings_2013": {
            "initial": {"regional_patent_and_utility_filings": 1},
            "step": {},
        }
    },
)
def patent_and_utility_filings_2013():
    """
    Filings in 2013.
    """
    return _initial_patent_and_utility_filings_2013()


_initial_patent_and_utility_filings_2013 = Initial(
    lambda: regional_patent_and_utility_filings(),
    "_initial_patent_and_utility_filings_2013",
)


@component.add(
    name="filings per knowledge creation",
    units="filing/bnVND",
    comp_type="Constant",
    comp_subtype="Normal",
)
def filings_per_knowledge_creation():
    """
    Filings per billion VND of knowledge created.
    """
    return 0.09761


@component.add(
    name="pending applications",
    units="filing",
    subscripts=["region"],
    comp_type="Stateful",
    comp_subtype="Integ",
    depends_on={"_integ_pending_applications": 1},
    other_deps={
        "_integ_pending_applications": {
            "initial": {
                "patent_and_utility_filings_2013": 1,
                "patent_examination_time": 1,
            },
            "step": {
                "regional_patent_and_utility_filings": 1,
                "application_decisions": 1,
            },
        }
    },
)
def pending_applications():
    """
    Applications waiting for a decision.
    """
    return _integ_pending_applications()


_integ_pending_applications = Integ(
    lambda: regional_patent_and_utility_filings() - application_decisions(),
    lambda: patent_and_utility_filings_2013() * patent_examination_time(),
    "_integ_pending_applications",
)


@component.add(
    name="application decisions",
    units="filing/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"pending_applications": 1, "patent_examination_time": 1},
)
def application_decisions():
    """
    Applications decided per year.
    """
    return pending_applications() / patent_examination_time()


@component.add(
    name="patent examination time",
    units="Year",
    comp_type="Constant",
    comp_subtype="Normal",
)
def patent_examination_time():
    """
    Average time from filing to decision.
    """
    return 2


@component.add(
    name="regional patent and utility grants",
    units="title/Year",
    subscripts=["region"],
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "application_decisions": 1,
        "patent_grant_share": 1,
        "titles_per_granted_filing": 1,
    },
)
def regional_patent_and_utility_grants():
    """
    Patents and utility solutions granted per year.
    """
    return application_decisions() * patent_grant_share() * titles_per_granted_filing()


@component.add(
    name="patent grant share", units="Dmnl", comp_type="Constant", comp_subtype="Normal"
)
def patent_grant_share():
    """
    Fraction of decided applications that are granted (45 / 103).
    """
    return 0.437


@component.add(
    name="titles per granted filing",
    units="title/filing",
    comp_type="Constant",
    comp_subtype="Normal",
)
def titles_per_granted_filing():
    """
    Unit conversion: a granted application is one title.
    """
    return 1


@component.add(
    name="regional cumulative patent grants",
    units="title",
    subscripts=["region"],
    comp_type="Stateful",
    comp_subtype="Integ",
    depends_on={"_integ_regional_cumulative_patent_grants": 1},
    other_deps={
        "_integ_regional_cumulative_patent_grants": {
            "initial": {"cumulative_patent_grants_2013": 1},
            "step": {"regional_patent_and_utility_grants": 1},
        }
    },
)
def regional_cumulative_patent_grants():
    """
    Patents and utility solutions granted since 2013.
    """
    return _integ_regional_cumulative_patent_grants()


_integ_regional_cumulative_patent_grants = Integ(
    lambda: regional_patent_and_utility_grants(),
    lambda: xr.DataArray(
        cumulative_patent_grants_2013(),
        {"region": _subscript_dict["region"]},
        ["region"],
    ),
    "_integ_regional_cumulative_patent_grants",
)


@component.add(
    name="cumulative patent grants 2013",
    units="title",
    comp_type="Constant",
    comp_subtype="Normal",
)
def cumulative_patent_grants_2013():
    """
    Counting starts in 2013.
    """
    return 0


@component.add(
    name="patent and utility filings",
    units="filing/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"regional_patent_and_utility_filings": 1},
)
def patent_and_utility_filings():
    """
    Patent and utility-solution filings in the merged city (indicator; target +16 %/yr).
    """
    return sum(
        regional_patent_and_utility_filings().rename({"region": "region!"}),
        dim=["region!"],
    )


@component.add(
    name="patent and utility grants",
    units="title/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"regional_patent_and_utility_grants": 1},
)
def patent_and_utility_grants():
    """
    Patents and utility solutions granted in the merged city.
    """
    return sum(
        regional_patent_and_utility_grants().rename({"region": "region!"}),
        dim=["region!"],
    )


@component.add(
    name="cumulative patent grants",
    units="title",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"regional_cumulative_patent_grants": 1},
)
def cumulative_patent_grants():
    """
    Titles granted since 2013 in the merged city.
    """
    return sum(
        regional_cumulative_patent_grants().rename({"region": "region!"}),
        dim=["region!"],
    )

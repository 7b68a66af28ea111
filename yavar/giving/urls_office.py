"""Staff pages for donations received in person (cash, POS, deposits, ATM, goods, pledges) and
the donor's own pages under /giving/me/."""

from django.urls import path

from . import views_benefactor as me
from . import views_office as staff

urlpatterns = [
    path("office/", staff.landing, name="office"),
    path("office/donations/", staff.donations, name="office_donations"),
    path("office/donations/new/", staff.donation_new, name="office_donation_new"),
    path("office/donations/<int:pk>/", staff.donation_detail, name="office_donation"),
    path("office/donations/<int:pk>/void/", staff.donation_void, name="office_donation_void"),
    path("office/goods/", staff.goods, name="office_goods"),
    path("office/goods/new/", staff.goods_new, name="office_goods_new"),
    path("office/goods/<int:pk>/", staff.gift_detail, name="office_gift"),
    path("office/goods/<int:pk>/cancel/", staff.gift_cancel, name="office_gift_cancel"),
    path(
        "office/goods/<int:pk>/handovers/<int:handover>/reverse/",
        staff.distribution_reverse,
        name="office_handover_reverse",
    ),
    path("office/pledges/", staff.pledge_list, name="office_pledges"),
    path("office/pledges/new/", staff.pledge_new, name="office_pledge_new"),
    path("office/pledges/<int:pk>/", staff.pledge_detail, name="office_pledge"),
    path("office/pledges/<int:pk>/withdraw/", staff.pledge_withdraw, name="office_pledge_withdraw"),
    path("office/benefactors/", staff.benefactor_list, name="office_benefactors"),
    path("office/benefactors/new/", staff.benefactor_new, name="office_benefactor_new"),
    path("office/benefactors/<int:pk>/", staff.benefactor_detail, name="office_benefactor"),
    path("office/benefactors/<int:pk>/edit/", staff.benefactor_edit, name="office_benefactor_edit"),
    path("me/", me.history, name="me"),
    path("me/sign-in/", me.sign_in, name="me_sign_in"),
    path("me/sign-out/", me.sign_out, name="me_sign_out"),
    path("me/profile/new/", me.profile_new, name="me_profile_new"),
    path("me/profile/<int:pk>/", me.profile_edit, name="me_profile"),
]
